import { useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent, type ReactNode } from 'react';
import type { ZoneKind } from '../api/models';

export type Point = [number, number];

export interface ShapeView {
  key: string;
  name: string;
  kind: ZoneKind;
  points: readonly Point[];
}

const CLOSE_PX = 12;
const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000;

/**
 * The drawing surface of the zones editor: a picture (the camera's snapshot) with the zones drawn over
 * it in normalised coordinates (0..1, origin top left). While `drawing`, a click adds a point to the
 * draft (a line has two; a polygon ends with a click on its first point, a double click, Enter or the
 * Finish button). Vertices of the draft can be dragged, or focused and moved with the arrow keys
 * (Shift: faster) and removed with Delete.
 */
export function ZoneCanvas({
  background,
  aspect,
  others,
  draft,
  drawing,
  editable,
  onPoints,
  onFinish,
}: {
  background: ReactNode;
  aspect: number;
  others: readonly ShapeView[];
  draft: ShapeView | null;
  drawing: boolean;
  editable: boolean;
  onPoints: (points: Point[]) => void;
  onFinish: () => void;
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [dragging, setDragging] = useState<number | null>(null);

  const toPoint = (clientX: number, clientY: number): Point => {
    const rect = svgRef.current!.getBoundingClientRect();
    return [round((clientX - rect.left) / rect.width), round((clientY - rect.top) / rect.height)];
  };
  const pixelDistance = (a: Point, b: Point) => {
    const rect = svgRef.current!.getBoundingClientRect();
    return Math.hypot((a[0] - b[0]) * rect.width, (a[1] - b[1]) * rect.height);
  };

  const points = draft ? [...draft.points] : [];

  const onClick = (e: MouseEvent<SVGSVGElement>) => {
    if (!drawing || !draft || !editable) return;
    const p = toPoint(e.clientX, e.clientY);
    if (draft.kind === 'polygon' && points.length >= 3 && pixelDistance(p, points[0]!) < CLOSE_PX) {
      onFinish();
      return;
    }
    const next = [...points, p];
    onPoints(next);
    if (draft.kind === 'line' && next.length >= 2) onFinish();
  };

  const onHandleDown = (index: number) => (e: PointerEvent<SVGCircleElement>) => {
    if (!editable || drawing) return;
    e.stopPropagation();
    svgRef.current?.setPointerCapture(e.pointerId);
    setDragging(index);
  };
  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    if (dragging === null) return;
    const next = [...points];
    next[dragging] = toPoint(e.clientX, e.clientY);
    onPoints(next);
  };
  const onUp = () => setDragging(null);

  const onHandleKey = (index: number) => (e: KeyboardEvent<SVGCircleElement>) => {
    if (!editable) return;
    const step = e.shiftKey ? 0.05 : 0.01;
    const [x, y] = points[index]!;
    const moves: Record<string, Point> = {
      ArrowLeft: [x - step, y],
      ArrowRight: [x + step, y],
      ArrowUp: [x, y - step],
      ArrowDown: [x, y + step],
    };
    const moved = moves[e.key];
    if (moved) {
      const next = [...points];
      next[index] = [round(moved[0]), round(moved[1])];
      onPoints(next);
      e.preventDefault();
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      onPoints(points.filter((_, i) => i !== index));
      e.preventDefault();
    }
  };

  const shape = (s: ShapeView, className: string) => {
    const pts = s.points.map(([x, y]) => `${x * 1000},${y * 1000}`).join(' ');
    if (s.kind === 'line' || (drawing && s === draft)) {
      return <polyline key={s.key} points={pts} className={className} vectorEffect="non-scaling-stroke" />;
    }
    return <polygon key={s.key} points={pts} className={className} vectorEffect="non-scaling-stroke" />;
  };

  return (
    <div className="zone-stage" style={{ aspectRatio: String(aspect) }}>
      <div className="zone-background">{background}</div>
      <svg
        ref={svgRef}
        className={`zone-overlay${drawing ? ' drawing' : ''}`}
        data-testid="zone-overlay"
        onClick={onClick}
        onDoubleClick={() => drawing && draft?.kind === 'polygon' && points.length >= 3 && onFinish()}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
        role="group"
        aria-label={drawing ? 'Drawing area: click to add points' : 'Zones over the camera picture'}
      >
        <svg viewBox="0 0 1000 1000" preserveAspectRatio="none" width="100%" height="100%">
          {others.map((s) => shape(s, `zone-shape zone-${s.kind}`))}
          {draft && draft.points.length > 0 ? shape(draft, `zone-shape zone-draft zone-${draft.kind}`) : null}
        </svg>
        {others.map((s) =>
          s.points[0] ? (
            <text key={`label-${s.key}`} x={`${s.points[0][0] * 100}%`} y={`${s.points[0][1] * 100}%`} dy="-6" className="zone-label">
              {s.name}
            </text>
          ) : null,
        )}
        {draft
          ? draft.points.map(([x, y], i) => (
              <circle
                key={i}
                cx={`${x * 100}%`}
                cy={`${y * 100}%`}
                r={i === 0 && drawing ? 9 : 7}
                className={`zone-handle${i === 0 ? ' first' : ''}`}
                tabIndex={editable && !drawing ? 0 : -1}
                role={editable && !drawing ? 'button' : undefined}
                aria-label={`Point ${i + 1} at ${Math.round(x * 100)} %, ${Math.round(y * 100)} %: arrow keys move it, Delete removes it`}
                onPointerDown={onHandleDown(i)}
                onKeyDown={onHandleKey(i)}
              />
            ))
          : null}
      </svg>
    </div>
  );
}
