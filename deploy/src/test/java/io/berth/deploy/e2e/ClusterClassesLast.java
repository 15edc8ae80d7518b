package io.berth.deploy.e2e;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

import java.util.Comparator;

/**
 * Runs the classes on the shared cluster harness after all others: once started, its five JVMs stay up to the
 * end of the test JVM, and on a two-core machine they would slow every class run after them.
 */
public final class ClusterClassesLast implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(ClusterClassesLast::rank));
    }

    private static int rank(ClassDescriptor d) {
        return d.findAnnotation(E2e.class).map(e -> e.value() == E2e.Layout.CLUSTER ? 1 : 0).orElse(0);
    }
}
