package cn.jining.census.collect;

import java.util.Locale;
import java.util.Optional;

import jakarta.ws.rs.BadRequestException;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import com.fasterxml.jackson.databind.JsonNode;

import cn.jining.census.geo.ToEpsg4548;
import cn.jining.census.geo.ToLonLat;

/**
 * Building outlines drawn on a phone: GeoJSON Polygon or MultiPolygon in longitude/latitude,
 * checked and brought to EPSG:4548. Messages name the coordinate at fault in lon/lat as drawn.
 */
final class Footprints {

    /** Drawn outlines arrive in longitude, latitude (x first). */
    private static final ToEpsg4548 LONLAT_TO_4548 = new ToEpsg4548(4490, false);

    private final AppSettings settings;
    private final GeoJsonReader reader = new GeoJsonReader(new GeometryFactory());

    Footprints(AppSettings settings) {
        this.settings = settings;
    }

    /** A drawn outline as drawn (lon/lat) and in EPSG:4548. */
    record Footprint(Geometry lonLat, Geometry projected) {
    }

    /**
     * The outline in {@code node}: 400 naming {@code field} when it is no valid Polygon or
     * MultiPolygon, has more than {@code census.app.max-vertices} vertices, or a coordinate outside
     * China; 422 naming the area when larger than {@code census.app.max-building-area}.
     */
    Footprint read(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw new BadRequestException(field + ": a GeoJSON Polygon in lon/lat is required");
        }
        Geometry g;
        try {
            g = reader.read(node.toString());
        } catch (ParseException | RuntimeException e) {
            throw new BadRequestException(field + ": not GeoJSON: " + e.getMessage());
        }
        if (!(g.getGeometryType().equals("Polygon") || g.getGeometryType().equals("MultiPolygon")) || g.isEmpty()) {
            throw new BadRequestException(field + ": a GeoJSON Polygon or MultiPolygon is required, got " + g.getGeometryType());
        }
        if (g.getNumPoints() > settings.maxVertices()) {
            throw new BadRequestException(field + ": " + g.getNumPoints() + " vertices, at most " + settings.maxVertices()
                    + " are accepted (census.app.max-vertices)");
        }
        for (Coordinate c : g.getCoordinates()) {
            if (!(c.x >= LocateResource.MIN_LON && c.x <= LocateResource.MAX_LON
                    && c.y >= LocateResource.MIN_LAT && c.y <= LocateResource.MAX_LAT)) {
                throw new BadRequestException(field + ": coordinate " + lonLat(c) + " is not a longitude, latitude in China");
            }
        }
        TopologyValidationError error = new IsValidOp(g).getValidationError();
        if (error != null) {
            throw new BadRequestException(field + ": " + error.getMessage() + " at " + lonLat(error.getCoordinate()));
        }
        Geometry projected = LONLAT_TO_4548.apply(g);
        if (projected.getArea() > settings.maxBuildingArea()) {
            throw new UnprocessableException(field + ": footprint of " + Math.round(projected.getArea()) + " m², at most "
                    + Math.round(settings.maxBuildingArea()) + " m² (census.app.max-building-area)");
        }
        return new Footprint(g, projected);
    }

    /**
     * Why {@code footprint} may not stand in the subarea {@code outline} (EPSG:4548): the first
     * drawn vertex outside it, or where its edges leave it; empty when the outline covers it.
     */
    static Optional<String> outside(Footprint footprint, Geometry outline, String subareaCode) {
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(outline);
        if (prepared.covers(footprint.projected())) {
            return Optional.empty();
        }
        Coordinate[] projected = footprint.projected().getCoordinates();
        Coordinate[] drawn = footprint.lonLat().getCoordinates();
        for (int i = 0; i < projected.length; i++) {
            if (!prepared.covers(outline.getFactory().createPoint(projected[i]))) {
                return Optional.of("geometry: coordinate " + lonLat(drawn[i]) + " lies outside subarea " + subareaCode);
            }
        }
        Coordinate leaving = footprint.projected().difference(outline).getCoordinate();
        Geometry back = ToLonLat.apply(outline.getFactory().createPoint(leaving));
        return Optional.of("geometry: the outline leaves subarea " + subareaCode + " near " + lonLat(back.getCoordinate()));
    }

    static String lonLat(Coordinate c) {
        return String.format(Locale.ROOT, "[%.7f, %.7f]", c.x, c.y);
    }
}
