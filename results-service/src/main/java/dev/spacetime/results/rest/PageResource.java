package dev.spacetime.results.rest;

import dev.spacetime.results.page.ResultsPage;
import dev.spacetime.results.service.Dashboard;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The results page (HTML with inline SVG) at {@code /} and {@code /ui}, filtered by sweep, model and dataset. */
@Path("/")
@Tag(name = "page")
public class PageResource {

    @Inject
    Dashboard dashboard;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The results page: frontier scatters, curves with seed bands, winners, comparison, runs")
    public String root(@QueryParam("sweep") String sweep, @QueryParam("model") String model,
                       @QueryParam("dataset") String dataset) {
        return page(sweep, model, dataset);
    }

    @GET
    @Path("ui")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The results page (same as /)")
    public String page(@QueryParam("sweep") String sweep, @QueryParam("model") String model,
                       @QueryParam("dataset") String dataset) {
        return ResultsPage.render(dashboard.load(Params.filter(sweep, model, null, dataset)));
    }
}
