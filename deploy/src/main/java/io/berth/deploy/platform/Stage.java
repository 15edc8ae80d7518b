package io.berth.deploy.platform;

/** One step of bringing the platform up, with the step that undoes it. */
public interface Stage {

    String name();

    void start() throws Exception;

    void stop() throws Exception;

    /** An action that can fail. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    static Stage of(String name, Action start, Action stop) {
        return new Stage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() throws Exception {
                start.run();
            }

            @Override
            public void stop() throws Exception {
                stop.run();
            }
        };
    }
}
