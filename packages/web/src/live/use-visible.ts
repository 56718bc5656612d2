import { useEffect, useState, type RefObject } from 'react';

/**
 * Whether the element is on screen (IntersectionObserver) and the tab is shown: a live tile plays
 * only then, so a long grid or a background tab holds no streams open.
 */
export function useVisible(ref: RefObject<Element | null>): boolean {
  const [inView, setInView] = useState(false);
  const [pageShown, setPageShown] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => {
      for (const e of entries) setInView(e.isIntersecting);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  useEffect(() => {
    const onChange = () => setPageShown(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return inView && pageShown;
}
