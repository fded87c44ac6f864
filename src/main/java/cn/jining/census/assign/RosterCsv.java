package cn.jining.census.assign;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import cn.jining.census.load.Csv;
import cn.jining.census.store.RosterStore.PersonFields;

/**
 * Reads a roster CSV (UTF-8, header first) and checks every row before anything is stored.
 *
 * <p>Columns, by header name in English or Chinese, in any order: {@code id}/{@code 编号},
 * {@code name}/{@code 姓名}, {@code phone}/{@code 电话} (optional), {@code role}/{@code 角色}
 * (optional: {@code enumerator}/{@code 普查员} or {@code supervisor}/{@code 普查指导员}; when the
 * column is absent or empty the import's default role applies), {@code street}/{@code 街道}
 * (9-digit code of a loaded street office) and {@code home_area}/{@code 居住普查区} (optional,
 * 12-digit code of a loaded census area). Every problem is reported with its line (the header is
 * line 1) and field; one problem refuses the whole file.
 */
public final class RosterCsv {

    /** Rows of one file at most: a district's roster is a few thousand people. */
    public static final int MAX_ROWS = 20_000;

    /** The reason of a row the importer may not write: its street is not theirs. */
    public static final String OUTSIDE_YOUR_STREETS = "outside your streets";

    /** A problem of one field of one line; {@code field} is {@code *} for the whole line. */
    public record RowError(int line, String field, String value, String message) {
    }

    /** The rows read, and the problems found (rows are stored only when there is none). */
    public record Parsed(List<PersonFields> rows, List<Integer> lines, List<RowError> errors) {
    }

    private static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry("id", "id"), Map.entry("编号", "id"),
            Map.entry("name", "name"), Map.entry("姓名", "name"),
            Map.entry("phone", "phone"), Map.entry("电话", "phone"),
            Map.entry("role", "role"), Map.entry("角色", "role"),
            Map.entry("street", "street"), Map.entry("街道", "street"),
            Map.entry("home_area", "home_area"), Map.entry("home area", "home_area"),
            Map.entry("居住普查区", "home_area"));
    private static final Map<String, String> ROLES = Map.of(
            "enumerator", "enumerator", "普查员", "enumerator",
            "supervisor", "supervisor", "普查指导员", "supervisor");
    private static final List<String> REQUIRED = List.of("id", "name", "street");

    private final Set<String> streets;
    private final Map<String, String> areaStreets;
    private final Predicate<String> mayEditStreet;

    /**
     * @param streets       codes of the loaded street offices
     * @param areaStreets   street code of every loaded census area, by area code
     * @param mayEditStreet whether the importing caller may edit the people of a street
     */
    public RosterCsv(Set<String> streets, Map<String, String> areaStreets, Predicate<String> mayEditStreet) {
        this.streets = streets;
        this.areaStreets = areaStreets;
        this.mayEditStreet = mayEditStreet;
    }

    /** Reads {@code text}; {@code defaultRole} (may be null) applies to rows without a role. */
    public Parsed parse(String text, String defaultRole) {
        List<PersonFields> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text))) {
            Map<String, Integer> columns = header(in.readLine(), errors);
            if (!errors.isEmpty()) {
                return new Parsed(rows, lines, errors);
            }
            Map<String, Integer> firstLineOfId = new HashMap<>();
            int lineNumber = 1;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                if (rows.size() + errors.size() >= MAX_ROWS) {
                    errors.add(new RowError(lineNumber, "*", "", "more than " + MAX_ROWS + " rows: split the roster"));
                    break;
                }
                PersonFields row = row(lineNumber, line, columns, defaultRole, errors);
                if (row == null) {
                    continue;
                }
                Integer first = firstLineOfId.putIfAbsent(row.personId(), lineNumber);
                if (first != null) {
                    errors.add(new RowError(lineNumber, "id", row.personId(), "duplicate id, first given on line " + first));
                } else {
                    rows.add(row);
                    lines.add(lineNumber);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return new Parsed(rows, lines, errors);
    }

    private static Map<String, Integer> header(String line, List<RowError> errors) {
        Map<String, Integer> columns = new HashMap<>();
        List<String> names;
        try {
            names = Csv.fields(line);
        } catch (Csv.MalformedException e) {
            errors.add(new RowError(1, "*", line, e.getMessage()));
            return columns;
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip().toLowerCase(Locale.ROOT);
            String column = HEADERS.get(name);
            if (column == null) {
                errors.add(new RowError(1, name, name, "unknown column; columns are id, name, phone, role, street, home_area (or 编号, 姓名, 电话, 角色, 街道, 居住普查区)"));
            } else if (columns.putIfAbsent(column, i) != null) {
                errors.add(new RowError(1, name, name, "column given twice"));
            }
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                errors.add(new RowError(1, required, "", "required column " + required + " is missing"));
            }
        }
        return columns;
    }

    private PersonFields row(int lineNumber, String line, Map<String, Integer> columns, String defaultRole,
            List<RowError> errors) {
        List<String> fields;
        try {
            fields = Csv.fields(line);
        } catch (Csv.MalformedException e) {
            errors.add(new RowError(lineNumber, "*", line, e.getMessage()));
            return null;
        }
        int before = errors.size();
        String id = value(fields, columns, "id");
        String name = value(fields, columns, "name");
        String phone = value(fields, columns, "phone");
        String roleText = value(fields, columns, "role");
        String street = value(fields, columns, "street");
        String homeArea = value(fields, columns, "home_area");
        RowCheck check = new RowCheck(lineNumber, errors);
        check.that(id.matches("[A-Za-z0-9._-]{2,64}"), "id", id, "2–64 letters, digits, '.', '_' or '-' required");
        check.that(!name.isEmpty() && name.length() <= 100, "name", name, "required, at most 100 characters");
        check.that(phone.isEmpty() || phone.matches("[0-9+\\- ]{5,20}"), "phone", phone, "5–20 digits (with '+', '-' or spaces) or empty");
        String role = ROLES.get((roleText.isEmpty() && defaultRole != null ? defaultRole : roleText).toLowerCase(Locale.ROOT));
        check.that(role != null, "role", roleText, "enumerator (普查员) or supervisor (普查指导员) required");
        if (check.that(streets.contains(street), "street", street, "not the 9-digit code of a loaded street office")) {
            check.that(mayEditStreet.test(street), "street", street, OUTSIDE_YOUR_STREETS);
        }
        check.that(homeArea.isEmpty() || areaStreets.containsKey(homeArea), "home_area", homeArea,
                "not the 12-digit code of a loaded census area");
        if (errors.size() > before) {
            return null;
        }
        return new PersonFields(id, name, phone.isEmpty() ? null : phone, role, street,
                homeArea.isEmpty() ? null : homeArea);
    }

    private static String value(List<String> fields, Map<String, Integer> columns, String column) {
        Integer index = columns.get(column);
        return index == null || index >= fields.size() ? "" : fields.get(index).strip();
    }

    /** Collects the problems of one line. */
    private record RowCheck(int line, List<RowError> errors) {
        boolean that(boolean holds, String field, String value, String message) {
            if (!holds) {
                errors.add(new RowError(line, field, value, message));
            }
            return holds;
        }
    }
}
