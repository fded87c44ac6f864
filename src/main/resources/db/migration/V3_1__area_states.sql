-- Whole states of an area's subareas: the state before every planner edit (what undo restores)
-- and the states planners name (versions such as 摸底版, 标准时点版).
CREATE TABLE area_state (
    id          bigserial   PRIMARY KEY,
    area_code   char(12)    NOT NULL REFERENCES area (code),
    street_code char(9)     NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('before-edit', 'named')),
    name        text,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    created_by  text        NOT NULL,
    edit_log_id bigint      REFERENCES edit_log (id),
    -- a before-edit state already restored by undo is not restored twice
    undone      boolean     NOT NULL DEFAULT false,
    -- the subareas kept, with geometry (hex WKB, EPSG:4548) and the buildings each registers: all
    -- of the area for a named version, those the edit touched for a before-edit state
    subareas    jsonb       NOT NULL,
    -- for a before-edit state, the codes the edit wrote or deleted (undo removes them, then puts
    -- back the subareas kept); null for a named version, which holds the whole area
    touched     text[],
    CHECK (kind = 'before-edit' OR name IS NOT NULL),
    CHECK ((kind = 'before-edit') = (touched IS NOT NULL))
);
CREATE INDEX area_state_area_idx ON area_state (area_code, id);
CREATE UNIQUE INDEX area_state_name_idx ON area_state (area_code, name) WHERE kind = 'named';
