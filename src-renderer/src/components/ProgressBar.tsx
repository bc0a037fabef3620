// A labelled progress bar: the native element, so assistive technologies read it as such.
import type { ReactNode } from 'react';

export function ProgressBar(props: {
  label: string;
  value: number;
  max: number | null;
  detail: string;
}): ReactNode {
  const id = `progress-${props.label.replace(/\W+/g, '-')}`;
  return (
    <div className="progress">
      <div className="progress-head">
        <span id={id}>{props.label}</span>
        <span className="progress-detail">{props.detail}</span>
      </div>
      {props.max === null || props.max === 0 ? (
        <progress aria-labelledby={id} />
      ) : (
        <progress aria-labelledby={id} value={Math.min(props.value, props.max)} max={props.max} />
      )}
    </div>
  );
}
