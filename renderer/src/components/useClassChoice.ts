import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useQuery } from '../lib/useQuery';

/** The class chosen last, shared by the journal and final-marks pages for the session. */
let lastClassId: string | undefined;

/** The classes the user may open and the one chosen (the last one, else the first). */
export function useClassChoice() {
  const classes = useQuery(() => api.school.classes({}), []);
  const [classId, setClassIdState] = useState<string | undefined>(lastClassId);
  const list = classes.data ?? [];
  const selected = classId && list.some((c) => c.id === classId) ? classId : list[0]?.id;
  useEffect(() => {
    lastClassId = selected;
  }, [selected]);
  const setClassId = (id: string) => {
    lastClassId = id;
    setClassIdState(id);
  };
  return { classes, classId: selected, setClassId };
}
