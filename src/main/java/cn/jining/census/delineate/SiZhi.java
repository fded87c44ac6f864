package cn.jining.census.delineate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 四至: what bounds a subarea to the east, south, west and north, as printed maps write it.
 * Each side is a name or names joined with 、; empty when unknown (a virtual subarea has none).
 */
public record SiZhi(String east, String south, String west, String north) {

    public static final SiZhi NONE = new SiZhi("", "", "", "");

    /** "东至…，南至…，西至…，北至…"; empty when no side is known. */
    public String text() {
        if (equals(NONE)) {
            return "";
        }
        return "东至" + east + "，南至" + south + "，西至" + west + "，北至" + north;
    }

    /** The sides as stored in {@code subarea.sizhi}: east, south, west, north and text. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("east", east);
        m.put("south", south);
        m.put("west", west);
        m.put("north", north);
        m.put("text", text());
        return m;
    }
}
