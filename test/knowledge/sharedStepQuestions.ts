/**
 * Questions that several solution steps share ("will I lose anything?", "where is that?"): asked at a step, the
 * step's own entry is the answer. Written for issue 23 by the kbt helper (not taken from any held-out set); each
 * question is asked at every step in `at`, the expected entry per step.
 */
export interface SharedStepQuestion {
  text: string;
  at: Record<string, string>;
  /** Another entry whose answer is also right wherever it is asked (the general "none of the fixes erases your data"). */
  alsoRight?: string;
}

const LOSS = {
  verify_apple_id: 'apple_id_sign_out_data',
  update_ios: 'ios_update_data',
  reset_network_settings: 'network_reset_what_removes',
  toggle_icloud_backup: 'toggle_data',
  reset_all_settings: 'reset_all_what_removes',
};
const WHERE = {
  check_storage: 'storage_how_to_check',
  check_internet: 'internet_wifi_where',
  update_ios: 'ios_how_to_update',
  reset_network_settings: 'network_reset_where',
  toggle_icloud_backup: 'toggle_where',
  reset_all_settings: 'reset_all_where',
};
const AFTER = { reset_network_settings: 'network_reset_after', reset_all_settings: 'reset_all_after' };
const PASSCODE = { verify_apple_id: 'passcode_which', reset_network_settings: 'passcode_which', reset_all_settings: 'passcode_which' };

export const SHARED_STEP_QUESTIONS: SharedStepQuestion[] = [
  ...['would i lose anything doing this', 'will this delete my stuff', 'do i lose any data if i do this', 'is my data safe doing that', 'am i going to lose my photos', 'will this wipe anything on my phone', 'wait does this erase stuff'].map((text) => ({ text, at: LOSS, alsoRight: 'fixes_data_safety' })),
  ...['where is that?', 'where do i find it', 'i cant find it, where is it', 'which menu is that in'].map((text) => ({ text, at: WHERE })),
  ...['how long does it take?', 'how long will this take', 'how much time does this need'].map((text) => ({ text, at: { update_ios: 'ios_update_time' } })),
  ...['what do i do after that', 'anything i need to do afterwards'].map((text) => ({ text, at: AFTER })),
  ...['what passcode does it want', 'which code is it asking for'].map((text) => ({ text, at: PASSCODE })),
];
