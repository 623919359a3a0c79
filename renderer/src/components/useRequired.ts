import { useState } from 'react';

/**
 * Required fields said by the app in Russian, next to the field, instead of the browser's bubble
 * («Please fill out this field.»): forms are `noValidate`; a message shows under an empty field
 * once the user has tried to submit.
 */
export function useRequired() {
  const [tried, setTried] = useState(false);
  return {
    /** The message for an empty field after a submit attempt, else undefined. */
    error: (value: string, message: string): string | undefined => (tried && value.trim() === '' ? message : undefined),
    /** Marks the attempt; true when every value is filled in. */
    check: (...values: string[]): boolean => {
      setTried(true);
      return values.every((v) => v.trim() !== '');
    },
  };
}
