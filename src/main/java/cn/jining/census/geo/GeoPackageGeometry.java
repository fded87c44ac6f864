package cn.jining.census.geo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFactory;
import org.locationtech.jts.geom.CoordinateSequences;
import org.locationtech.jts.geom.CoordinateXY;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * Decodes GeoPackage geometry blobs (OGC 12-128, §2.1.3): the {@code GP} magic, version, flags,
 * SRS id, an optional envelope, then standard (ISO) WKB. Extended GeoPackage geometry types are
 * not supported.
 *
 * <p>The 2D line and polygon types deliveries consist of are read here straight from the blob
 * into JTS coordinates, as JTS's {@link WKBReader} would read them (including its repairs: an
 * open ring is closed, a one-point line doubled), but without copying the blob or going through
 * a stream per number — on a city's million buildings that reading is a noticeable share of an
 * import. Everything else (points, collections, Z and M coordinates, EWKB flags) goes to
 * {@link WKBReader}.
 */
public final class GeoPackageGeometry {

    private static final int[] ENVELOPE_DOUBLES = {0, 4, 6, 6, 8};
    private static final int LINE_STRING = 2;
    private static final int POLYGON = 3;
    private static final int MULTI_LINE_STRING = 5;
    private static final int MULTI_POLYGON = 6;

    private GeoPackageGeometry() {
    }

    /**
     * The geometry in {@code blob}, with the blob's SRS id as SRID. A blob flagged empty gives an
     * empty geometry collection.
     *
     * @throws ParseException when the blob is no GeoPackage geometry or its WKB is broken
     */
    public static Geometry read(byte[] blob, GeometryFactory factory) throws ParseException {
        if (blob == null || blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            throw new ParseException("not a GeoPackage geometry blob (no GP magic)");
        }
        int flags = blob[3];
        if ((flags & 0x20) != 0) {
            throw new ParseException("extended GeoPackage geometry types are not supported");
        }
        boolean littleEndian = (flags & 0x01) != 0;
        int envelopeCode = (flags >> 1) & 0x07;
        if (envelopeCode >= ENVELOPE_DOUBLES.length) {
            throw new ParseException("invalid envelope indicator " + envelopeCode + " in GeoPackage geometry");
        }
        int srid = littleEndian
                ? (blob[4] & 0xff) | (blob[5] & 0xff) << 8 | (blob[6] & 0xff) << 16 | (blob[7] & 0xff) << 24
                : (blob[7] & 0xff) | (blob[6] & 0xff) << 8 | (blob[5] & 0xff) << 16 | (blob[4] & 0xff) << 24;
        if ((flags & 0x10) != 0) {
            Geometry empty = factory.createGeometryCollection();
            empty.setSRID(srid);
            return empty;
        }
        int offset = 8 + 8 * ENVELOPE_DOUBLES[envelopeCode];
        if (offset >= blob.length) {
            throw new ParseException("GeoPackage geometry blob ends before its WKB");
        }
        Geometry geometry = new PlainWkb(blob, offset, factory).geometry();
        if (geometry == null) {
            byte[] wkb = new byte[blob.length - offset];
            System.arraycopy(blob, offset, wkb, 0, wkb.length);
            geometry = new WKBReader(factory).read(wkb);
        }
        geometry.setSRID(srid);
        return geometry;
    }

    /** A reader of 2D (Multi)LineString and (Multi)Polygon WKB starting at an offset of a blob. */
    private static final class PlainWkb {
        private final ByteBuffer in;
        private final GeometryFactory factory;
        private final CoordinateSequenceFactory sequences;

        PlainWkb(byte[] blob, int offset, GeometryFactory factory) {
            this.in = ByteBuffer.wrap(blob);
            in.position(offset);
            this.factory = factory;
            this.sequences = factory.getCoordinateSequenceFactory();
        }

        /** The geometry, or null when it is of a type left to {@link WKBReader}. */
        Geometry geometry() throws ParseException {
            int type = header();
            switch (type) {
                case LINE_STRING:
                    return lineString();
                case POLYGON:
                    return polygon();
                case MULTI_LINE_STRING: {
                    LineString[] parts = new LineString[count(5)];
                    for (int i = 0; i < parts.length; i++) {
                        if (header() != LINE_STRING) {
                            return null;
                        }
                        parts[i] = lineString();
                    }
                    return factory.createMultiLineString(parts);
                }
                case MULTI_POLYGON: {
                    Polygon[] parts = new Polygon[count(9)];
                    for (int i = 0; i < parts.length; i++) {
                        if (header() != POLYGON) {
                            return null;
                        }
                        parts[i] = polygon();
                    }
                    return factory.createMultiPolygon(parts);
                }
                default:
                    return null;
            }
        }

        /** Reads a byte order and a type code; the 2D code, or -1 for anything with Z, M or EWKB flags. */
        private int header() throws ParseException {
            need(5);
            byte order = in.get();
            if (order != 0 && order != 1) {
                return -1;
            }
            in.order(order == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            int type = in.getInt();
            return type >= 1 && type <= 7 ? type : -1;
        }

        private LineString lineString() throws ParseException {
            CoordinateSequence points = coordinates();
            if (points.size() == 1) {
                points = CoordinateSequences.extend(sequences, points, 2);
            }
            return factory.createLineString(points);
        }

        private Polygon polygon() throws ParseException {
            int rings = count(4);
            if (rings == 0) {
                return factory.createPolygon();
            }
            LinearRing shell = ring();
            LinearRing[] holes = new LinearRing[rings - 1];
            for (int i = 0; i < holes.length; i++) {
                holes[i] = ring();
            }
            return factory.createPolygon(shell, holes);
        }

        private LinearRing ring() throws ParseException {
            CoordinateSequence points = coordinates();
            if (!CoordinateSequences.isRing(points)) {
                points = CoordinateSequences.ensureValidRing(sequences, points);
            }
            return factory.createLinearRing(points);
        }

        private CoordinateSequence coordinates() throws ParseException {
            int n = count(16);
            Coordinate[] points = new Coordinate[n];
            for (int i = 0; i < n; i++) {
                points[i] = new CoordinateXY(in.getDouble(), in.getDouble());
            }
            return sequences.create(points);
        }

        /** A count of items of at least {@code bytesEach} bytes that must fit in what is left of the blob. */
        private int count(int bytesEach) throws ParseException {
            need(4);
            int n = in.getInt();
            if (n < 0 || (long) n * bytesEach > in.remaining()) {
                throw new ParseException("WKB count " + Integer.toUnsignedString(n) + " runs past the end of the geometry");
            }
            return n;
        }

        private void need(int bytes) throws ParseException {
            if (in.remaining() < bytes) {
                throw new ParseException("WKB ends early, at byte " + in.position());
            }
        }
    }
}
