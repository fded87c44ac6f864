package cn.jining.census.security;

/** Role names as stored in {@code app_user.role} and used in {@code @RolesAllowed}. */
public final class Role {
    public static final String ADMIN = "admin";
    public static final String PLANNER = "planner";
    public static final String SUPERVISOR = "supervisor";
    public static final String ENUMERATOR = "enumerator";

    private Role() {
    }
}
