package cn.jining.census.publish;

import java.util.List;

import cn.jining.census.security.Caller;

/**
 * Which rows of a layer a request may see: every row, or those belonging to a code inside one of
 * {@code scopes} (prefix match, as {@link Caller#mayTouch} decides).
 */
record Visibility(boolean unrestricted, List<String> scopes) {

    /** What a caller sees: admins everything, others their scopes. */
    static Visibility of(Caller caller) {
        return caller.isAdmin() ? new Visibility(true, List.of()) : new Visibility(false, List.copyOf(caller.scopes()));
    }

    /** The rows inside one division, for exports; the caller's right to it is checked before. */
    static Visibility inside(String scope) {
        return new Visibility(false, List.of(scope));
    }
}
