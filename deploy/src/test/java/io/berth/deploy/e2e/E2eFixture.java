package io.berth.deploy.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The JUnit 5 extension behind {@link E2e}: one setup for every end-to-end class instead of the same dozen
 * lines in each. Fields are found by type so a test body keeps reading {@code docker.run(…)} and
 * {@code made.runDetached(…)}.
 */
public final class E2eFixture implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(E2eFixture.class);

    /** What one class was given. */
    private record Given(LaunchedPlatform platform, MadeContainers made, boolean ownsPlatform) {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        RootRequirement.check();
        Class<?> testClass = context.getRequiredTestClass();
        E2e.Layout layout = testClass.getAnnotation(E2e.class).value();
        long t0 = System.nanoTime();
        LaunchedPlatform platform = switch (layout) {
            case SHARED -> Platform.get();
            case SPLIT -> SplitPlatform.start();
            case SPLIT_GATEWAY -> SplitPlatform.startWithOwnGateway();
            case CLUSTER -> ClusterPlatform.shared();
            case CRASH -> CrashPlatform.start();
            case HA -> HaPlatform.start();
            case PIECES -> PiecesPlatform.start();
        };
        boolean owned = layout != E2e.Layout.SHARED && layout != E2e.Layout.CLUSTER;
        if (owned) {
            // the loss tests read how long their layout took to come up on the box
            System.out.printf("berth e2e: %s platform for %s up in %.1f s%n", layout, testClass.getSimpleName(),
                    (System.nanoTime() - t0) / 1e9);
        }
        DockerCli docker = platform.docker();
        MadeContainers made = new MadeContainers(docker);
        context.getStore(NAMESPACE).put(Given.class, new Given(platform, made, owned));
        for (Field field : staticFields(testClass)) {
            Object value = field.getType().isInstance(platform) ? platform
                    : field.getType() == DockerCli.class ? docker
                    : field.getType() == MadeContainers.class ? made
                    : field.getType() == OpsCurl.class ? new OpsCurl(platform.socket())
                    : null;
            if (value != null) {
                field.setAccessible(true);
                field.set(null, value);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Given given = context.getStore(NAMESPACE).remove(Given.class, Given.class);
        if (given == null) {
            return;
        }
        try {
            given.made().removeAll();
        } finally {
            if (given.ownsPlatform()) {
                given.platform().close();
            }
        }
    }

    // the static, non-final fields of the class and its superclasses
    private static List<Field> staticFields(Class<?> testClass) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())) {
                    fields.add(f);
                }
            }
        }
        return fields;
    }
}
