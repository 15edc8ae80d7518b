package io.berth.events.wire;

import io.berth.events.Message;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.KillContainer;
import io.berth.events.command.PauseContainer;
import io.berth.events.command.RemoveContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.command.StopContainer;
import io.berth.events.command.UnpauseContainer;
import io.berth.events.command.UpdateContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerCreated;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerHealthChanged;
import io.berth.events.event.ContainerKilled;
import io.berth.events.event.ContainerLost;
import io.berth.events.event.ContainerPaused;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.event.ContainerStarted;
import io.berth.events.event.ContainerUnpaused;
import io.berth.events.event.ContainerNetworkChanged;
import io.berth.events.event.ContainerUnschedulable;
import io.berth.events.event.ContainerUpdated;

import java.util.LinkedHashMap;
import java.util.Map;

/** The CloudEvents {@code type} of every message record, both ways. */
public final class MessageTypes {
    private static final Map<String, Class<? extends Message>> BY_TYPE = new LinkedHashMap<>();
    private static final Map<Class<? extends Message>, String> BY_CLASS = new LinkedHashMap<>();

    static {
        register("berth.container.create", CreateContainer.class);
        register("berth.container.start", StartContainer.class);
        register("berth.container.stop", StopContainer.class);
        register("berth.container.kill", KillContainer.class);
        register("berth.container.remove", RemoveContainer.class);
        register("berth.container.pause", PauseContainer.class);
        register("berth.container.unpause", UnpauseContainer.class);
        register("berth.container.update", UpdateContainer.class);
        register("berth.container.scheduled", ContainerScheduled.class);
        register("berth.container.unschedulable", ContainerUnschedulable.class);
        register("berth.container.created", ContainerCreated.class);
        register("berth.container.started", ContainerStarted.class);
        register("berth.container.died", ContainerDied.class);
        register("berth.container.killed", ContainerKilled.class);
        register("berth.container.removed", ContainerRemoved.class);
        register("berth.container.failed", CommandFailed.class);
        register("berth.container.paused", ContainerPaused.class);
        register("berth.container.unpaused", ContainerUnpaused.class);
        register("berth.container.network-changed", ContainerNetworkChanged.class);
        register("berth.container.lost", ContainerLost.class);
        register("berth.container.health", ContainerHealthChanged.class);
        register("berth.container.updated", ContainerUpdated.class);
    }

    private static void register(String type, Class<? extends Message> cls) {
        BY_TYPE.put(type, cls);
        BY_CLASS.put(cls, type);
    }

    public static String typeOf(Class<? extends Message> cls) {
        String type = BY_CLASS.get(cls);
        if (type == null) {
            throw new IllegalArgumentException("no CloudEvents type for " + cls.getName());
        }
        return type;
    }

    public static Class<? extends Message> classOf(String type) {
        Class<? extends Message> cls = BY_TYPE.get(type);
        if (cls == null) {
            throw new IllegalArgumentException("unknown CloudEvents type " + type);
        }
        return cls;
    }

    public static Map<String, Class<? extends Message>> all() {
        return Map.copyOf(BY_TYPE);
    }

    private MessageTypes() {
    }
}
