package dev.spacetime.grafana;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a dashboard's SQL as Grafana would: first the template variables in order (each query variable's SQL, with the
 * variables before it replaced, gives its values; every variable is then set to "All"), then every SQL query of every
 * panel with the variables replaced and the macros expanded.
 */
public final class SqlPanels {

    /** One column of a result: its name and PostgreSQL type name ({@code float8}, {@code timestamptz}, ...). */
    public record Column(String name, String type) {
    }

    /** One query's outcome: the SQL sent, the columns and the number of rows. */
    public record Result(Target target, String sql, List<Column> columns, int rows) {

        public Column column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        }
    }

    private SqlPanels() {
    }

    /** The template variables of {@code d}, each set to All, with the values their queries return on {@code c}. */
    public static TemplateVariables variables(Dashboard d, Connection c, TimeRange range) throws SQLException {
        TemplateVariables vars = new TemplateVariables(range);
        for (Variable v : d.variables()) {
            List<String> values = switch (v.type()) {
                case "query" -> {
                    if (!Dashboards.POSTGRES_UID.equals(v.datasourceUid())) {
                        throw new IllegalArgumentException(v + ": a query variable of " + v.datasourceUid()
                                + "; the SQL dashboards' variables query " + Dashboards.POSTGRES_UID);
                    }
                    yield firstColumn(c, SqlMacros.expand(vars.replace(v.query()), range));
                }
                case "custom" -> v.customValues();
                default -> throw new IllegalArgumentException(v + " has type " + v.type() + "; only query and custom "
                        + "variables are supported");
            };
            vars.set(v, values);
        }
        return vars;
    }

    /** Runs every SQL query of {@code d}'s panels; a query that PostgreSQL refuses fails with its SQL in the message. */
    public static List<Result> run(Dashboard d, Connection c, TimeRange range) throws SQLException {
        TemplateVariables vars = variables(d, c, range);
        List<Result> out = new ArrayList<>();
        for (Target t : d.targets()) {
            if (t.isSql()) {
                String sql = SqlMacros.expand(vars.replace(t.rawSql()), range);
                out.add(execute(c, t, sql));
            }
        }
        return out;
    }

    private static Result execute(Connection c, Target t, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Column> cols = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                cols.add(new Column(md.getColumnLabel(i), md.getColumnTypeName(i)));
            }
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            return new Result(t, sql, cols, rows);
        } catch (SQLException e) {
            throw new SQLException(t + ": " + e.getMessage() + "\nSQL sent:\n" + sql, e.getSQLState(), e);
        }
    }

    private static List<String> firstColumn(Connection c, String sql) throws SQLException {
        Set<String> values = new LinkedHashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + "\nvariable SQL sent:\n" + sql, e.getSQLState(), e);
        }
        return List.copyOf(values);
    }
}
