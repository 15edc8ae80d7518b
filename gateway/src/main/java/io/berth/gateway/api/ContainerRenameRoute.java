package io.berth.gateway.api;

import io.berth.gateway.container.ContainerName;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/** {@code POST /containers/{id}/rename?name=}: a name change is cluster state only, no node is involved. */
public final class ContainerRenameRoute {
    private final ContainerStore store;

    public ContainerRenameRoute(ContainerStore store) {
        this.store = store;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/containers/{id}/rename", this::handle);
    }

    public Future<Void> handle(Exchange ex) {
        String wanted = ex.query("name");
        if (wanted == null || wanted.isBlank()) {
            throw ApiError.badRequest("Neither old nor new names may be empty");
        }
        String name = ContainerName.validate(wanted);
        return store.find(ex.param("id")).compose(r -> {
            if (r.name().equals(name)) {
                return Future.failedFuture(ApiError.badRequest(
                        "Renaming a container with the same name as its current name"));
            }
            return store.rename(r.id(), name).compose(holder -> holder.isEmpty() ? ex.noContent()
                    : Future.failedFuture(ApiError.conflict("Conflict. The container name \"/" + name
                    + "\" is already in use by container \"" + holder.get()
                    + "\". You have to remove (or rename) that container to be able to reuse that name.")));
        });
    }
}
