package cn.jining.census.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a statistical division list ({@code map-data/divisions.csv}): level
 * ({@code district}, {@code street} or {@code area}), code, name and the parent's code.
 */
record Division(String level, String code, String name, String parentCode) {

    /** Reads a division list with header {@code level,code,name,parent_code}, in file order. */
    static List<Division> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().equals("level,code,name,parent_code")) {
            throw new IOException(csv + ": expected header level,code,name,parent_code");
        }
        List<Division> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split(",", -1);
            if (f.length != 4) {
                throw new IOException(csv + ": expected 4 fields in: " + line);
            }
            rows.add(new Division(f[0], f[1], f[2], f[3]));
        }
        return rows;
    }

    /**
     * The census-area kind the delivery schema uses: 社区 for residents' committees (names with
     * 社区, 居委会 or 居民委员会, which include the mining quarter 杨村矿类似居委会), 村 for the rest.
     */
    String areaKind() {
        return name.contains("社区") || name.contains("居委会") || name.contains("居民委员会") ? "社区" : "村";
    }
}
