import { useState, type ReactNode } from 'react';
import { Link } from '../../router';
import { DiscoverStep } from './discover-step';
import { ProbeStep } from './probe-step';
import { ScanStep } from './scan-step';
import { VendorStep } from './vendor-step';
import type { Pick, Prefill } from './wizard-types';

type Way = 'discover' | 'scan' | 'manual';

const WAYS: { id: Way; label: string }[] = [
  { id: 'discover', label: 'Discover (ONVIF)' },
  { id: 'scan', label: 'Scan the network' },
  { id: 'manual', label: 'Manual' },
];

/**
 * "Add camera" as a wizard: find the camera (ONVIF discovery, a network scan, or by hand with a
 * maker's URL template), then credentials and a probe, then the camera form — prefilled — for the
 * name and record mode. Manual starts at the form, as adding by URL always did.
 */
export function AddCameraWizard({ renderForm }: { renderForm: (prefill: Prefill | null, key: string, above: ReactNode) => ReactNode }) {
  const [way, setWay] = useState<Way>('manual');
  const [pick, setPick] = useState<Pick | null>(null);
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const [round, setRound] = useState(0);

  const choose = (w: Way) => {
    setWay(w);
    setPick(null);
    setPrefill(null);
  };
  const done = (p: Prefill) => {
    setPrefill(p);
    setPick(null);
    // A new key mounts the form afresh with the new first values.
    setRound((r) => r + 1);
  };

  const tabs = (
    <div className="row wrap wizard-ways" role="tablist" aria-label="How to find the camera">
      {WAYS.map((w) => (
        <button key={w.id} type="button" role="tab" aria-selected={way === w.id} className={way === w.id ? 'primary small' : 'small'} onClick={() => choose(w.id)}>
          {w.label}
        </button>
      ))}
    </div>
  );
  if (pick === null && prefill !== null) return renderForm(prefill, `prefill-${round}`, tabs);
  if (pick === null && way === 'manual') {
    return renderForm(
      null,
      'manual',
      <>
        {tabs}
        <VendorStep onPick={setPick} />
      </>,
    );
  }
  return (
    <>
      <div className="page-head">
        <h1>Add camera</h1>
        <Link to="/">Back to cameras</Link>
      </div>
      {tabs}
      {pick !== null ? <ProbeStep pick={pick} onDone={done} onBack={() => setPick(null)} /> : way === 'discover' ? <DiscoverStep onPick={setPick} /> : <ScanStep onPick={setPick} />}
    </>
  );
}
