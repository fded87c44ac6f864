package cn.jining.census.api;

/**
 * The JSON body of every error answer: the HTTP status, its reason phrase and a message that
 * names what was wrong and where (parameter, field, feature id), in words a caller can act on.
 */
public record ApiError(int status, String error, String message) {
}
