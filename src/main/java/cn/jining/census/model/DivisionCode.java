package cn.jining.census.model;

import java.util.Optional;

/**
 * A statistical division code of the census hierarchy, validated on construction.
 *
 * @param value the digits, 6 (district), 9 (street), 12 (area) or 15 (subarea) long
 */
public record DivisionCode(String value) {

    /** Levels of the hierarchy, from the top, with the length of their codes. */
    public enum Level {
        DISTRICT(6), STREET(9), AREA(12), SUBAREA(15);

        public final int digits;

        Level(int digits) {
            this.digits = digits;
        }
    }

    public DivisionCode {
        if (value == null || !value.matches("\\d{6}|\\d{9}|\\d{12}|\\d{15}")) {
            throw new IllegalArgumentException("not a division code (6, 9, 12 or 15 digits): " + value);
        }
    }

    /** Parses a code, or returns empty when the text is not one. */
    public static Optional<DivisionCode> parse(String text) {
        if (text == null || !text.matches("\\d{6}|\\d{9}|\\d{12}|\\d{15}")) {
            return Optional.empty();
        }
        return Optional.of(new DivisionCode(text));
    }

    public Level level() {
        return switch (value.length()) {
            case 6 -> Level.DISTRICT;
            case 9 -> Level.STREET;
            case 12 -> Level.AREA;
            default -> Level.SUBAREA;
        };
    }

    /** The code one level up; empty for a district. */
    public Optional<DivisionCode> parent() {
        return switch (level()) {
            case DISTRICT -> Optional.empty();
            case STREET -> Optional.of(new DivisionCode(value.substring(0, 6)));
            case AREA -> Optional.of(new DivisionCode(value.substring(0, 9)));
            case SUBAREA -> Optional.of(new DivisionCode(value.substring(0, 12)));
        };
    }

    /** True when {@code other} is this division or lies inside it. */
    public boolean contains(DivisionCode other) {
        return other.value.startsWith(value);
    }

    /** The street-office code for a street, area or subarea; empty for a district. */
    public Optional<String> streetCode() {
        return level() == Level.DISTRICT ? Optional.empty() : Optional.of(value.substring(0, 9));
    }

    /** True for a subarea numbered from 900: a demolition zone registered without a drawn map. */
    public boolean isVirtualSubarea() {
        return level() == Level.SUBAREA && value.charAt(12) == '9';
    }

    @Override
    public String toString() {
        return value;
    }
}
