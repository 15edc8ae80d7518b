package io.berth.deploy.platform;

/** The platform could not come up: names the stage that failed; the cause says why. */
public final class StageFailedException extends Exception {
    private final String stage;

    public StageFailedException(String stage, Throwable cause) {
        super(stage + " failed: " + describe(cause), cause);
        this.stage = stage;
    }

    public String stage() {
        return stage;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getName() : message;
    }
}
