package cn.jining.census.serve;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The open web maps listening on {@code GET /tiles/events} (server-sent events), and what they
 * are told:
 * <ul>
 * <li>{@code ready} once, on connecting: from now on no change is missed;</li>
 * <li>{@code tiles} after each committed change: {@code {"sets": ["subareas.mvt", "basemap.png"],
 * "boxes": [[west, south, east, north], …], "everywhere": false}}. A map reloads its tiles of those
 * sets that overlap a box (grown by the set's margin), or all of them when {@code everywhere};</li>
 * <li>a comment now and then, so that proxies keep an idle stream open.</li>
 * </ul>
 */
@ApplicationScoped
public class TileEvents {

    private final ObjectMapper json;
    private volatile Sse sse;
    private volatile SseBroadcaster broadcaster;

    public TileEvents(ObjectMapper json) {
        this.json = json;
    }

    /** Adds a listening map and tells it it is connected. */
    public void register(Sse sse, SseEventSink sink) {
        synchronized (this) {
            if (broadcaster == null) {
                this.sse = sse;
                this.broadcaster = sse.newBroadcaster();
            }
        }
        broadcaster.register(sink);
        sink.send(sse.newEventBuilder().name("ready").mediaType(MediaType.APPLICATION_JSON_TYPE).data("{}").build());
    }

    /** Tells every listening map which of its tiles {@code change} touched. */
    public void changed(List<TileSet> sets, TileChange change) {
        if (broadcaster == null || sets.isEmpty()) {
            return;
        }
        Map<String, Object> body = Map.of(
                "sets", sets.stream().map(TileSet::id).toList(),
                "boxes", change.boxes(),
                "everywhere", change.everywhere());
        try {
            broadcast(sse.newEventBuilder().name("tiles").mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(json.writeValueAsString(body)).build());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tile change could not be written as JSON", e);
        }
    }

    /** A comment that keeps idle streams open through proxies. */
    public void keepAlive() {
        if (broadcaster != null) {
            broadcast(sse.newEventBuilder().comment("keep-alive").build());
        }
    }

    private void broadcast(OutboundSseEvent event) {
        broadcaster.broadcast(event);
    }
}
