#!/usr/bin/env python3
"""The E2SFCA of PySAL's `access` package (PyPI), as an independent reference for Maillage's accessibility index.

    python3 Tools/e2sfca-access.py DEMAND.csv SUPPLY.csv COST.csv WEIGHTS RADIUS_KM OUT.csv

DEMAND.csv: `geoid;pop`; SUPPLY.csv: `geoid;doc`; COST.csv: `origin;dest;cost` (km, origin = demand location,
dest = supply location, every pair within the radius, each location with itself at 0); WEIGHTS: `10:1,20:0.5,30:0.2`.
Writes `geoid;access` with access = Σ_j W(d_ij) R_j, R_j = S_j / Σ_k W(d_kj) P_k (Access.enhanced_two_stage_fca).
"""
import sys

import pandas as pd
from access import Access, weights


def main(demand_path, supply_path, cost_path, weights_text, radius_km, out_path):
    steps = {float(bound): float(weight) for bound, weight in (part.split(":") for part in weights_text.split(","))}
    read = dict(sep=";", dtype={"geoid": str, "origin": str, "dest": str})
    demand, supply, cost = pd.read_csv(demand_path, **read), pd.read_csv(supply_path, **read), pd.read_csv(cost_path, **read)
    model = Access(demand_df=demand, demand_index="geoid", demand_value="pop",
                   supply_df=supply, supply_index="geoid", supply_value="doc",
                   cost_df=cost, cost_origin="origin", cost_dest="dest", cost_name="cost")
    result = model.enhanced_two_stage_fca(name="e2sfca", weight_fn=weights.step_fn(steps), max_cost=float(radius_km))
    column = result.columns[0] if hasattr(result, "columns") else None
    series = result[column] if column is not None else result
    series.rename("access").rename_axis("geoid").reset_index().to_csv(out_path, sep=";", index=False, float_format="%.17g")


if __name__ == "__main__":
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    main(*sys.argv[1:])
