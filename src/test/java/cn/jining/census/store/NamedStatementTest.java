package cn.jining.census.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class NamedStatementTest {

    private static final String SQL = "SELECT :a::int, ':b', :b, :a WHERE x = 'it''s :c'";

    @Test
    void questionMarksBindEveryOccurrenceOfAName() {
        NamedStatement.Parsed parsed = NamedStatement.parse(SQL);
        assertEquals("SELECT ?::int, ':b', ?, ? WHERE x = 'it''s :c'", parsed.jdbcSql());
        assertEquals(Map.of("a", List.of(1, 3), "b", List.of(2)), parsed.positions());
    }

    @Test
    void numberedFormIsTheTextTheDriverSendsForTheQuestionMarks() {
        NamedStatement.Numbered numbered = NamedStatement.numbered(SQL);
        assertEquals("SELECT $1::int, ':b', $2, $3 WHERE x = 'it''s :c'", numbered.sql());
        assertEquals(List.of("a", "b", "a"), numbered.names());
    }
}
