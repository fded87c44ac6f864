package cn.jining.census.delineate;

import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.jining.census.store.SubareaEditStore;
import cn.jining.census.store.SubareaStore;

/**
 * How edits answer over HTTP, for the subarea and the area resources alike: a stale version is
 * 409, a refused edit 422 with the reason, an area without accepted subareas 404; a committed edit
 * answers the area's new version, what changed, the warnings and all its subareas as GeoJSON.
 */
@ApplicationScoped
public class EditReplies {

    /** The area after an edit. */
    public record EditAnswer(String area, long version, List<String> changed, List<String> deleted, List<String> warnings,
            ObjectNode features) {
    }

    /** An edit to run. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    private final SubareaStore subareas;
    private final SubareaFeatures features;
    private final DelineationSettings settings;

    public EditReplies(SubareaStore subareas, ObjectMapper json, SubareaSettings settings) {
        this.subareas = subareas;
        this.features = new SubareaFeatures(json);
        this.settings = settings.toSettings();
    }

    /** Runs an edit, answering stale versions 409, refused edits 422 and missing subareas 404. */
    static <T> T guard(Call<T> call) throws Exception {
        try {
            return call.run();
        } catch (EditSubareas.Stale e) {
            throw new ClientErrorException("versions: " + e.getMessage(), 409);
        } catch (SubareaEditor.Refused e) {
            throw new ClientErrorException(e.getMessage(), 422);
        } catch (SubareaEditStore.CodesInUse e) {
            throw new ClientErrorException("area: " + e.getMessage(), 409);
        } catch (SubareaEditStore.NothingToEdit e) {
            throw new NotFoundException("area: " + e.getMessage());
        }
    }

    EditAnswer answer(String area, EditSubareas.Result result) throws SQLException {
        List<SubareaFeatures.Row> rows = subareas.subareas(area).stream().map(s -> features.row(s, settings)).toList();
        return new EditAnswer(area, result.areaVersion(), result.changed(), result.deleted(), result.warnings(),
                features.collection(rows));
    }
}
