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
        LaunchedPlatform platform = switch (layout) {
            case SHARED -> Platform.get();
            case SPLIT -> SplitPlatform.start();
            case SPLIT_GATEWAY -> SplitPlatform.startWithOwnGateway();
            case CLUSTER -> ClusterPlatform.shared();
        };
        DockerCli docker = platform.docker();
        MadeContainers made = new MadeContainers(docker);
        context.getStore(NAMESPACE).put(Given.class, new Given(platform, made, layout == E2e.Layout.SPLIT || layout == E2e.Layout.SPLIT_GATEWAY));
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
