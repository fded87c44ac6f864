package cn.jining.census.load;

import java.util.List;
import java.util.Map;

/**
 * The answer to an import, as JSON: {@code {accepted, counts, rejected, warnings, importId}}.
 *
 * @param accepted whether the data was stored
 * @param counts   features per layer that passed validation (stored when accepted), in layer order
 * @param rejected the problems found, in file order; at most the configured number are listed
 * @param warnings things accepted but worth knowing (swapped axes, ignored tables, truncated lists)
 * @param importId the {@code import_run} row of this attempt; null when it could not be recorded
 */
public record ImportReport(boolean accepted, Map<String, Long> counts, List<Rejection> rejected, List<String> warnings,
        Long importId) {

    /** A refusal of the whole file (unreadable, unknown format) before any feature was read. */
    static ImportReport refusedFile(String reason) {
        return new ImportReport(false, Map.of(), List.of(new Rejection(null, null, reason, null)), List.of(), null);
    }

    ImportReport withImportId(long id) {
        return new ImportReport(accepted, counts, rejected, warnings, id);
    }
}
