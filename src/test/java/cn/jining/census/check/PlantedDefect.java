package cn.jining.census.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * One row of {@code map-data/planted-defects.csv}: a defect the generator put into the delivery
 * on purpose, with its place in EPSG:4548.
 */
record PlantedDefect(String id, String kind, List<String> codes, Coordinate at, double sizeM2) {

    /** Columns: id,kind,layer,codes,x,y,lon,lat,size_m2,note (codes ';'-separated, note quoted). */
    static List<PlantedDefect> read(Path csv) throws IOException {
        List<PlantedDefect> planted = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", 10);
            planted.add(new PlantedDefect(f[0], f[1], List.of(f[3].split(";")),
                    new Coordinate(Double.parseDouble(f[4]), Double.parseDouble(f[5])), Double.parseDouble(f[8])));
        }
        return planted;
    }

    /**
     * True when {@code issue} reports this defect: the same kind, at the same place (the planted
     * point lies within a metre of the issue's geometry) and about the same codes (a building
     * defect names the building, an area defect at least one of its areas).
     */
    boolean foundBy(Issue issue) {
        if (!issue.kind().jsonName().equals(kind) || issue.geometry() == null) {
            return false;
        }
        Geometry point = issue.geometry().getFactory().createPoint(at);
        return issue.geometry().isWithinDistance(point, 1.0) && codes.stream().anyMatch(issue.codes()::contains);
    }
}
