package dev.spacetime.results.page;

/** The page's only style sheet, inlined so that the browser fetches nothing but the page itself. */
final class Style {

    static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1500px;padding:0 16px 32px;color:#222}
            h1{font-size:20px;margin:16px 0 8px}h2{font-size:16px;margin:24px 0 4px}
            .filters label{margin-right:12px}.filters select{max-width:260px}
            .links,.note{color:#555;margin:4px 0}.empty{color:#666;font-style:italic}
            .charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;flex:1 1 440px;max-width:560px}
            figcaption{font-weight:600;margin-bottom:2px}svg.chart{width:100%;height:auto;background:#fff}
            .grid{stroke:#e6e6e6}.tick{font-size:11px;fill:#555}.title{font-size:12px;fill:#333}
            .mark{fill-opacity:.7;stroke:#fff;stroke-width:.8}.mark.pareto{fill-opacity:1;stroke:#111;stroke-width:2}
            .frontier{fill:none;stroke:#111;stroke-width:1.2;stroke-dasharray:4 3}
            .band{fill-opacity:.18;stroke:none}.mean{fill:none;stroke-width:2}
            .legend{list-style:none;padding:0;margin:6px 0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px}
            .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px}
            table{border-collapse:collapse;font-size:13px;margin-top:4px}
            th,td{border-bottom:1px solid #e3e3e3;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .status.failed{color:#b00020}.status.completed{color:#1b5e20}.none{color:#999}
            """;

    private Style() {
    }
}
