package cn.jining.census.geo;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * Decodes GeoPackage geometry blobs (OGC 12-128, §2.1.3): the {@code GP} magic, version, flags,
 * SRS id, an optional envelope, then standard (ISO) WKB. Extended GeoPackage geometry types are
 * not supported.
 */
public final class GeoPackageGeometry {

    private static final int[] ENVELOPE_DOUBLES = {0, 4, 6, 6, 8};

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
        byte[] wkb = new byte[blob.length - offset];
        System.arraycopy(blob, offset, wkb, 0, wkb.length);
        Geometry geometry = new WKBReader(factory).read(wkb);
        geometry.setSRID(srid);
        return geometry;
    }
}
