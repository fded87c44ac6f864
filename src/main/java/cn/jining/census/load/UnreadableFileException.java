package cn.jining.census.load;

/** The file is of a known format but cannot be read (broken, truncated, missing parts): HTTP 400. */
public class UnreadableFileException extends Exception {
    public UnreadableFileException(String message) {
        super(message);
    }

    public UnreadableFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
