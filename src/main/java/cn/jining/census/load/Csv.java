package cn.jining.census.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line (RFC 4180: comma-separated, fields optionally in double quotes, "" for a quote).
 * Shared by the household-record import and the roster import of the assignment stage.
 */
public final class Csv {

    /** A line that cannot be split: an unterminated quoted field. */
    public static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    private Csv() {
    }

    /** The fields of {@code line}; an empty list for null. */
    public static List<String> fields(String line) throws MalformedException {
        List<String> out = new ArrayList<>();
        if (line == null) {
            return out;
        }
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new MalformedException("unterminated quoted field in: " + line);
        }
        out.add(field.toString());
        return out;
    }
}
