import { useExplorer } from '../state/react.ts';

/** Our numbers beside recorded NVSim and SCALE-Sim v2 runs, per metric, and the study's claims beside ours. */
export function ValidationPanel() {
  const v = useExplorer((s) => s.validation);
  const load = useExplorer((s) => s.actions.loadValidation);
  return (
    <section className="panel wide" aria-labelledby="validation-h" data-testid="panel.validation">
      <h2 id="validation-h">Validation against the tools the field trusts</h2>
      <p className="meta">
        Recorded runs shipped with the repository: NVSim (commit 6334d00c, sample SRAM and STT-RAM cells, 22 nm,
        ReadEDP, 350 K) and SCALE-Sim v2 (2.0.2, 32×32, 64 kB SRAMs, CALC bandwidth). Each row: their number, ours, and
        the relative error.
      </p>
      {!v.value && (
        <button
          type="button"
          onClick={() => void load()}
          disabled={v.status === 'running'}
          data-testid="validation.run"
        >
          {v.status === 'running' ? 'Computing…' : 'Compare with recorded runs'}
        </button>
      )}
      {v.value && (
        <>
          <h3>Study claims (Roy, Wang, Raghunathan 2023) beside this model</h3>
          <table className="numbers" data-testid="validation.claims">
            <thead>
              <tr>
                <th>claim</th>
                <th>published</th>
                <th>this model</th>
              </tr>
            </thead>
            <tbody>
              {v.value.claims.map((c) => (
                <tr key={c.claim}>
                  <td>{c.claim}</td>
                  <td>{c.published}</td>
                  <td>{c.ours}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="table-scroll">
            <table className="numbers" data-testid="validation.table">
              <thead>
                <tr>
                  <th>tool</th>
                  <th>case</th>
                  <th>metric</th>
                  <th>reference</th>
                  <th>ours</th>
                  <th>error</th>
                </tr>
              </thead>
              <tbody>
                {v.value.rows.map((r) => (
                  <tr key={`${r.caseId}-${r.metric}`} className={Math.abs(r.relError) > 0.25 ? 'bad' : undefined}>
                    <td>{r.tool}</td>
                    <td>{r.caseId}</td>
                    <td>{r.metric}</td>
                    <td>
                      {Number(r.reference.toPrecision(6))} {r.unit}
                    </td>
                    <td>
                      {Number(r.ours.toPrecision(6))} {r.unit}
                    </td>
                    <td>{(100 * r.relError).toFixed(1)} %</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
