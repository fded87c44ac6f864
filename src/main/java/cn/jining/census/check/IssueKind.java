package cn.jining.census.check;

import java.util.Arrays;
import java.util.Optional;

/**
 * What is wrong. The JSON name is the contract shared with the web map, the database and the
 * delivery's list of planted defects ({@code gap}, {@code overlap}, {@code sliver} …).
 */
public enum IssueKind {
    // geometry of a coverage
    GAP("gap", Severity.ERROR, "缝隙"),
    OVERLAP("overlap", Severity.ERROR, "重叠"),
    DUPLICATE("duplicate", Severity.ERROR, "重复图形"),
    OUTSIDE_PARENT("outside_parent", Severity.ERROR, "超出上级范围"),
    INVALID_GEOMETRY("invalid_geometry", Severity.ERROR, "图形无效"),
    SLIVER("sliver", Severity.ERROR, "细长碎片"),
    ENCLAVE("enclave", Severity.INFO, "飞地"),
    UNMATCHED_EDGE("unmatched_edge", Severity.WARNING, "公共边节点不一致"),
    // buildings
    BUILDING_OUTSIDE("building_outside", Severity.ERROR, "建筑物不在任何单元内"),
    BUILDING_CUT("building_cut", Severity.ERROR, "建筑物被边界切割"),
    BUILDING_IN_TWO("building_in_two", Severity.ERROR, "建筑物登记在两个普查小区"),
    REGISTERED_ELSEWHERE("registered_elsewhere", Severity.ERROR, "建筑物登记的普查小区与所在位置不符"),
    UNREGISTERED_HOUSEHOLDS("unregistered_households", Severity.ERROR, "有住户的住宅未划入普查小区"),
    HIGH_RISE_OVER_LIMIT("high_rise_over_999", Severity.WARNING, "单栋超过999户须竖向拆分"),
    DEMOLITION_ZONE("demolition_zone", Severity.WARNING, "拆迁区须设虚拟普查小区"),
    // rules
    HOUSEHOLDS_OUT_OF_BAND("households_out_of_band", Severity.WARNING, "户数超出目标范围"),
    HOUSEHOLDS_OVER_LIMIT("households_over_999", Severity.ERROR, "户数超过999"),
    CODE_MALFORMED("code_malformed", Severity.ERROR, "代码格式错误"),
    CODE_DUPLICATE("code_duplicate", Severity.ERROR, "代码重复"),
    CODE_NOT_CONSECUTIVE("code_not_consecutive", Severity.WARNING, "代码不连续"),
    NOT_IN_REFERENCE("not_in_reference", Severity.ERROR, "区划代码不在统计用区划表中"),
    MISSING_FROM_DELIVERY("missing_from_delivery", Severity.ERROR, "统计用区划缺少图形"),
    NAME_MISMATCH("name_mismatch", Severity.WARNING, "名称与统计用区划不一致"),
    NO_ENUMERATOR("no_enumerator", Severity.ERROR, "普查小区无普查员"),
    NO_SUPERVISOR("no_supervisor", Severity.ERROR, "普查区无普查指导员"),
    OVERLOADED_ENUMERATOR("overloaded_enumerator", Severity.WARNING, "普查员负担户数过多"),
    // the check itself
    CHECK_FAILED("check_failed", Severity.ERROR, "检查未能完成");

    private final String jsonName;
    private final Severity severity;
    private final String label;

    IssueKind(String jsonName, Severity severity, String label) {
        this.jsonName = jsonName;
        this.severity = severity;
        this.label = label;
    }

    /** The name in JSON, the database and the planted-defect list. */
    public String jsonName() {
        return jsonName;
    }

    /** The usual severity; a few kinds depend on the level (an enclave of a subarea is a defect). */
    public Severity severity() {
        return severity;
    }

    /** The Chinese name shown to supervisors. */
    public String label() {
        return label;
    }

    public static Optional<IssueKind> ofJsonName(String name) {
        return Arrays.stream(values()).filter(k -> k.jsonName.equals(name)).findFirst();
    }
}
