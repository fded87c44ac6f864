package cn.jining.census.load;

/** The file is of no format the service reads, or needs a tool that is missing: HTTP 415. */
public class UnsupportedFormatException extends Exception {
    public UnsupportedFormatException(String message) {
        super(message);
    }
}
