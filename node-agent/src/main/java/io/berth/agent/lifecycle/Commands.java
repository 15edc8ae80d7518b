package io.berth.agent.lifecycle;

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
import io.berth.events.wire.Envelope;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Carries out one command envelope with its verb; any refusal becomes a {@code failed} event. Blocking. */
public final class Commands {
    private static final Logger LOG = Logger.getLogger(Commands.class.getName());

    private final Node node;
    private final CreateVerb create;
    private final StartVerb start;
    private final StopVerb stop;
    private final KillVerb kill;
    private final RemoveVerb remove;
    private final PauseVerb pause;
    private final UnpauseVerb unpause;
    private final UpdateVerb update;

    public Commands(Node node) {
        this.node = node;
        this.create = new CreateVerb(node);
        this.start = new StartVerb(node);
        this.stop = new StopVerb(node);
        this.kill = new KillVerb(node);
        this.remove = new RemoveVerb(node);
        this.pause = new PauseVerb(node);
        this.unpause = new UnpauseVerb(node);
        this.update = new UpdateVerb(node);
    }

    public void handle(Envelope envelope) {
        Message data = envelope.data();
        String verb = verb(data);
        if (verb == null) {
            LOG.fine("ignoring " + envelope.type() + " " + envelope.id() + ": not a node command");
            return;
        }
        try {
            if (data instanceof CreateContainer c) {
                create.run(envelope, c);
            } else if (data instanceof StartContainer s) {
                start.run(envelope, s);
            } else if (data instanceof StopContainer s) {
                stop.run(envelope, s);
            } else if (data instanceof KillContainer k) {
                kill.run(envelope, k);
            } else if (data instanceof RemoveContainer r) {
                remove.run(envelope, r);
            } else if (data instanceof PauseContainer p) {
                pause.run(envelope, p);
            } else if (data instanceof UnpauseContainer u) {
                unpause.run(envelope, u);
            } else if (data instanceof UpdateContainer u) {
                update.run(envelope, u);
            }
        } catch (CommandRefused e) {
            fail(envelope, verb, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, verb + " of container " + data.containerId() + " failed", e);
            fail(envelope, verb, 500, verb + " container " + data.containerId() + ": " + e);
        }
    }

    private void fail(Envelope envelope, String verb, int status, String message) {
        String id = envelope.data().containerId();
        node.events().emit(new CommandFailed(id, node.nodeId(), verb, status, message == null ? "" : message),
                envelope.id());
    }

    /** The verb word {@code CommandFailed.command} carries, null for anything that is not a command. */
    static String verb(Message data) {
        if (data instanceof CreateContainer) {
            return "create";
        } else if (data instanceof StartContainer) {
            return "start";
        } else if (data instanceof StopContainer) {
            return "stop";
        } else if (data instanceof KillContainer) {
            return "kill";
        } else if (data instanceof RemoveContainer) {
            return "remove";
        } else if (data instanceof PauseContainer) {
            return "pause";
        } else if (data instanceof UnpauseContainer) {
            return "unpause";
        } else if (data instanceof UpdateContainer) {
            return "update";
        }
        return null;
    }
}
