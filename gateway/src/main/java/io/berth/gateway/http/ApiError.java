package io.berth.gateway.http;

/** A failure the client must see as an HTTP status with Docker's {@code {"message":…}} body. */
public final class ApiError extends RuntimeException {
    private final int status;

    public ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, message);
    }

    public static ApiError internal(String message) {
        return new ApiError(500, message);
    }

    public static ApiError noSuchContainer(String ref) {
        return notFound("No such container: " + ref);
    }
}
