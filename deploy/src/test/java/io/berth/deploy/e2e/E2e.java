package io.berth.deploy.e2e;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an end-to-end test class: {@link E2eFixture} checks for root, starts (or joins) the platform of the
 * chosen {@link Layout}, and fills the class's static fields of type {@link DockerCli}, {@link MadeContainers},
 * {@link OpsCurl} and the platform's own type before any {@code @BeforeAll} runs; after the class, it removes the containers
 * recorded in {@link MadeContainers} and stops a platform the class had to itself (every layout but SHARED and
 * CLUSTER).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(E2eFixture.class)
public @interface E2e {
    Layout value() default Layout.SHARED;

    /** Which Berth the class runs against. */
    enum Layout {
        /** The one all-in-one {@link Platform} every class in the JVM shares; it outlives the class. */
        SHARED,
        /** A control plane and a separate agent process ({@link SplitPlatform#start()}), for this class alone. */
        SPLIT,
        /** A core and a separate gateway process ({@link SplitPlatform#startWithOwnGateway()}), for this class alone. */
        SPLIT_GATEWAY,
        /**
         * A control plane, {@link ClusterPlatform#NODES} agents and a second gateway in network namespaces, started
         * from the multi-host guide's systemd files; like {@link #SHARED}, one for every such class in the JVM, so
         * a class that cuts or kills a node brings it back before it ends.
         */
        CLUSTER,
        /** The all-in-one launcher alone ({@link CrashPlatform}), which the class may SIGKILL and launch again. */
        CRASH,
        /** Three control hosts and an agent ({@link HaPlatform}), for this class alone. */
        HA,
        /** A control process, two brokers, a second member and an agent ({@link PiecesPlatform}), for this class alone. */
        PIECES
    }
}
