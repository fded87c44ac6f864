package cn.jining.census.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A prepared statement written with named parameters ({@code :code}) instead of positional
 * question marks, so that each query reads as one text block and values never enter the SQL text.
 *
 * <p>PostgreSQL casts ({@code ::geometry}) and quoted literals are left alone. A name may appear
 * several times; every occurrence is bound to the same value.
 */
public final class NamedStatement implements AutoCloseable {

    private final PreparedStatement statement;
    private final Map<String, List<Integer>> positions;

    private NamedStatement(PreparedStatement statement, Map<String, List<Integer>> positions) {
        this.statement = statement;
        this.positions = positions;
    }

    /** Prepares {@code sql} on {@code connection}. */
    public static NamedStatement prepare(Connection connection, String sql) throws SQLException {
        Parsed parsed = parse(sql);
        return new NamedStatement(connection.prepareStatement(parsed.jdbcSql), parsed.positions);
    }

    record Parsed(String jdbcSql, Map<String, List<Integer>> positions) {
    }

    /**
     * A statement in PostgreSQL's own numbered form ({@code $1}, {@code $2}, …), one number per
     * occurrence of a name in order, which is the text the JDBC driver sends for the {@code ?}
     * form: for clients that speak to PostgreSQL without JDBC.
     *
     * @param sql the statement text with numbered parameters
     * @param names the name each number stands for, {@code names.get(0)} for {@code $1}
     */
    public record Numbered(String sql, List<String> names) {
    }

    /** {@code sql} with its named parameters numbered. */
    public static Numbered numbered(String sql) {
        List<String> names = new ArrayList<>();
        String text = rewrite(sql, names, n -> "$" + n);
        return new Numbered(text, List.copyOf(names));
    }

    static Parsed parse(String sql) {
        List<String> names = new ArrayList<>();
        String text = rewrite(sql, names, n -> "?");
        Map<String, List<Integer>> positions = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            positions.computeIfAbsent(names.get(i), k -> new ArrayList<>()).add(i + 1);
        }
        return new Parsed(text, positions);
    }

    /**
     * {@code sql} with each named parameter replaced by {@code placeholder} of its 1-based
     * occurrence number; the names are added to {@code names} in order.
     */
    private static String rewrite(String sql, List<String> names, IntFunction<String> placeholder) {
        StringBuilder out = new StringBuilder(sql.length());
        boolean inQuote = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                inQuote = !inQuote;
                out.append(c);
            } else if (!inQuote && c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                out.append("::");
                i++;
            } else if (!inQuote && c == ':' && i + 1 < sql.length()
                    && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append(placeholder.apply(names.size()));
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Binds {@code value} to every occurrence of {@code :name}; JDBC types follow the Java type. */
    public NamedStatement set(String name, Object value) throws SQLException {
        List<Integer> at = positions.get(name);
        if (at == null) {
            throw new IllegalArgumentException("no parameter :" + name + " in statement");
        }
        for (int position : at) {
            statement.setObject(position, value);
        }
        return this;
    }

    /** The underlying statement, for execution and batching. */
    public PreparedStatement statement() {
        return statement;
    }

    @Override
    public void close() throws SQLException {
        statement.close();
    }
}
