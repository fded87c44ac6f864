package cn.jining.census.geo;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decodes a GeoJSON geometry object (RFC 7946 §3.1) into JTS, keeping the coordinates as
 * written (x first). NaN and infinite numbers are kept, so that validation can report them.
 */
public final class GeoJsonGeometry {

    private GeoJsonGeometry() {
    }

    /**
     * The geometry of a GeoJSON geometry object.
     *
     * @throws ParseException for an unknown type, malformed coordinates or a ring whose first
     *         and last positions differ
     */
    public static Geometry read(JsonNode node, GeometryFactory factory) throws ParseException {
        String type = node.path("type").asText("");
        JsonNode c = node.path("coordinates");
        return switch (type) {
            case "Point" -> factory.createPoint(position(c));
            case "LineString" -> factory.createLineString(positions(c));
            case "Polygon" -> polygon(c, factory);
            case "MultiPoint" -> {
                Point[] points = new Point[c.size()];
                for (int i = 0; i < points.length; i++) {
                    points[i] = factory.createPoint(position(c.get(i)));
                }
                yield factory.createMultiPoint(points);
            }
            case "MultiLineString" -> {
                LineString[] lines = new LineString[c.size()];
                for (int i = 0; i < lines.length; i++) {
                    lines[i] = factory.createLineString(positions(c.get(i)));
                }
                yield factory.createMultiLineString(lines);
            }
            case "MultiPolygon" -> {
                Polygon[] polygons = new Polygon[c.size()];
                for (int i = 0; i < polygons.length; i++) {
                    polygons[i] = polygon(c.get(i), factory);
                }
                yield factory.createMultiPolygon(polygons);
            }
            case "GeometryCollection" -> {
                JsonNode members = node.path("geometries");
                Geometry[] geometries = new Geometry[members.size()];
                for (int i = 0; i < geometries.length; i++) {
                    geometries[i] = read(members.get(i), factory);
                }
                yield factory.createGeometryCollection(geometries);
            }
            default -> throw new ParseException("unknown GeoJSON geometry type '" + type + "'");
        };
    }

    private static Polygon polygon(JsonNode rings, GeometryFactory factory) throws ParseException {
        if (rings.size() == 0) {
            return factory.createPolygon();
        }
        LinearRing shell = ring(rings.get(0), factory);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), factory);
        }
        return factory.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode node, GeometryFactory factory) throws ParseException {
        Coordinate[] points = positions(node);
        if (points.length > 0 && !points[0].equals2D(points[points.length - 1])) {
            Coordinate first = points[0];
            Coordinate last = points[points.length - 1];
            boolean finite = Double.isFinite(first.x) && Double.isFinite(first.y)
                    && Double.isFinite(last.x) && Double.isFinite(last.y);
            if (finite) {
                throw new ParseException("polygon ring is not closed: it starts at (" + first.x + ", " + first.y
                        + ") and ends at (" + last.x + ", " + last.y + ")");
            }
            // a NaN end point cannot equal anything: close the ring so the NaN itself gets reported
            Coordinate[] closed = new Coordinate[points.length + 1];
            System.arraycopy(points, 0, closed, 0, points.length);
            closed[points.length] = first.copy();
            points = closed;
        }
        try {
            return factory.createLinearRing(points);
        } catch (IllegalArgumentException e) {
            throw new ParseException("bad polygon ring: " + e.getMessage());
        }
    }

    private static Coordinate[] positions(JsonNode node) throws ParseException {
        if (!node.isArray()) {
            throw new ParseException("coordinates must be an array of positions");
        }
        Coordinate[] out = new Coordinate[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = position(node.get(i));
        }
        return out;
    }

    private static Coordinate position(JsonNode node) throws ParseException {
        if (!node.isArray() || node.size() < 2 || !node.get(0).isNumber() || !node.get(1).isNumber()) {
            throw new ParseException("a position must be an array of at least two numbers: " + node);
        }
        return new Coordinate(node.get(0).doubleValue(), node.get(1).doubleValue());
    }
}
