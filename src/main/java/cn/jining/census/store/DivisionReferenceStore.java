package cn.jining.census.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** The published division list ({@code division_reference}) that deliveries are checked against. */
@ApplicationScoped
public class DivisionReferenceStore {

    /**
     * One published division.
     *
     * @param level      {@code district}, {@code street} or {@code area}
     * @param code       6, 9 or 12 digits
     * @param parentCode the code one level up (for a district: its city), or null
     */
    public record Division(String level, String code, String name, String parentCode) {
    }

    private final DataSource dataSource;

    public DivisionReferenceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Makes the reference rows of {@code district} (the district itself and every code starting
     * with it) exactly {@code divisions}, in one transaction.
     *
     * @throws SQLException when a row breaks the table's checks (code length, level); nothing changes then
     */
    public void replaceDistrict(String district, List<Division> divisions) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (NamedStatement q = NamedStatement.prepare(c, """
                        DELETE FROM division_reference WHERE left(code, 6) = :district
                        """)) {
                    q.set("district", district);
                    q.statement().executeUpdate();
                }
                try (NamedStatement q = NamedStatement.prepare(c, """
                        INSERT INTO division_reference (code, level, name, parent_code)
                        VALUES (:code, :level, :name, :parent)
                        """)) {
                    for (Division d : divisions) {
                        q.set("code", d.code()).set("level", d.level()).set("name", d.name()).set("parent", d.parentCode());
                        q.statement().addBatch();
                    }
                    q.statement().executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
