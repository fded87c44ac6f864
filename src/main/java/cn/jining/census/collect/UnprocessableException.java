package cn.jining.census.collect;

import jakarta.ws.rs.ClientErrorException;

/** 422: the request is well formed but the census rules refuse it; the message says which. */
final class UnprocessableException extends ClientErrorException {

    UnprocessableException(String message) {
        super(message, 422);
    }
}
