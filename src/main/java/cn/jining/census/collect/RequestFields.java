package cn.jining.census.collect;

import java.util.Iterator;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.BadRequestException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fields a write request may carry. Bodies arrive as JSON trees and are checked against the
 * route's list before they are bound, because binding would silently drop a field the caller
 * believes was applied (a {@code status} set by an enumerator where only a supervisor may, a
 * misspelt {@code housholds}): every other field is 400 naming it.
 */
final class RequestFields {

    private RequestFields() {
    }

    /**
     * The body bound to {@code type} after checking that it is an object with no field outside
     * {@code allowed}.
     *
     * @param where names the body in messages, e.g. {@code reports[3]}
     */
    static <T> T bind(ObjectMapper json, JsonNode body, Set<String> allowed, Class<T> type, String where) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException(where + ": a JSON object is required");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new BadRequestException(where + "." + name + ": field not accepted here; accepted: "
                        + String.join(", ", List.copyOf(allowed).stream().sorted().toList()));
            }
        }
        try {
            return json.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new BadRequestException(where + ": " + e.getOriginalMessage());
        }
    }
}
