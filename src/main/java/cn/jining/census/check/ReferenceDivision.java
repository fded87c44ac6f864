package cn.jining.census.check;

/**
 * One entry of the published division list ({@code division_reference}).
 *
 * @param code       statistical code, 6, 9 or 12 digits
 * @param name       official name
 */
public record ReferenceDivision(String code, String name) {
}
