package cn.jining.census.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    static Parsed parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        Map<String, List<Integer>> positions = new HashMap<>();
        int index = 0;
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
                positions.computeIfAbsent(sql.substring(i + 1, end), k -> new ArrayList<>()).add(++index);
                out.append('?');
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return new Parsed(out.toString(), positions);
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
