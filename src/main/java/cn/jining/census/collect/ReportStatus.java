package cn.jining.census.collect;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The state of a building's visit as a report gives it: stored as the code, shown as the label
 * enumerators use.
 */
public enum ReportStatus {
    REGISTERED("registered", "已登记"),
    VACANT("vacant", "空户"),
    REFUSED("refused", "拒访"),
    PENDING("pending", "待访");

    private final String code;
    private final String label;

    ReportStatus(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** The status named by its code or its Chinese label. */
    public static Optional<ReportStatus> named(String name) {
        return Arrays.stream(values()).filter(s -> s.code.equals(name) || s.label.equals(name)).findFirst();
    }

    /** The label of a stored code. */
    public static String labelOf(String code) {
        return named(code).map(ReportStatus::label).orElse(code);
    }

    /** Codes and labels for messages: {@code registered (已登记), …}. */
    public static String names() {
        return Arrays.stream(values()).map(s -> s.code + " (" + s.label + ")").collect(Collectors.joining(", "));
    }
}
