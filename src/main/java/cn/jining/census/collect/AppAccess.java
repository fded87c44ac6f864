package cn.jining.census.collect;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;

import cn.jining.census.model.DivisionCode;
import cn.jining.census.security.Caller;

/** The object-level checks every route of the app API starts with. */
final class AppAccess {

    private AppAccess() {
    }

    /**
     * {@code code} when it is a census subarea code the caller may touch.
     *
     * @throws BadRequestException naming {@code field} when it is no subarea code
     * @throws ForbiddenException  when the subarea is outside the caller's scopes
     */
    static String subarea(Caller caller, String code, String field) {
        if (code == null || DivisionCode.parse(code.strip()).filter(c -> c.level() == DivisionCode.Level.SUBAREA).isEmpty()) {
            throw new BadRequestException(field + ": a census subarea code of 15 digits is required, got '" + code + "'");
        }
        String subarea = code.strip();
        if (!caller.mayTouch(subarea)) {
            throw new ForbiddenException(field + ": subarea " + subarea + " is not yours");
        }
        return subarea;
    }
}
