-- A supervisor's decision on a report kept as a conflict: apply it (it becomes the building's
-- state) or dismiss it (the state stays). One decision per report, with who, when and why;
-- progress_report itself stays append-only. The building's count of conflicts waiting drops by
-- one either way.
CREATE TABLE report_resolution (
    report_id   text        PRIMARY KEY REFERENCES progress_report (report_id),
    decision    text        NOT NULL CHECK (decision IN ('apply', 'dismiss')),
    reason      text        NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
    resolved_by text        NOT NULL,
    resolved_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
