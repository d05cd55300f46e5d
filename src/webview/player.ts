// The call's recording in the panel: a player (play/pause, position, speed, keyboard), the time
// axis with the agent's actions and the sentences, and the timed transcript whose current sentence
// is highlighted and kept in view; a click on a sentence or an action marker seeks there.
//
// The audio comes as bytes from the extension (messages of kind 'chunk', then 'complete') and plays
// from a blob: URL made here, the only media source the CSP allows. Nothing is fetched until the
// user first presses Play (or clicks a sentence). The player's elements are kept per call, so that
// a re-render of the panel (Refresh, a settings change) keeps what is loaded and where it is.
import * as l10n from '@vscode/l10n';
import type { CallViewModel, RecordingAction, RecordingUpdate, Speaker, TimedSentence } from '../shared/protocol';
import { formatNumber } from '../shared/locale';
import { wavPrefix } from '../shared/wavPrefix';
import { el } from './dom';

export interface PlayerHost {
  post(action: RecordingAction): void;
}

const SPEEDS = [1, 1.5, 2] as const;
const SEEK_STEP_S = 5;
/** Bytes in before playing starts, while the rest still arrives (at 16 KB/s of call, about 30 s). */
const EARLY_BYTES = 480 * 1024;

/** "1:05", "12:40", "1:02:03". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

function megabytes(bytes: number): string {
  return formatNumber(Math.round(bytes / 100_000) / 10);
}

function speakerLabel(speaker: Speaker): string {
  return speaker === 'agent' ? l10n.t('Agent') : speaker === 'caller' ? l10n.t('Caller') : l10n.t('Speaker');
}

class Player {
  readonly root = el('div', 'player');
  private readonly audio = document.createElement('audio');
  private readonly playButton = el('button', 'player-button player-play');
  private readonly time = el('span', 'player-time mono');
  private readonly seek = document.createElement('input');
  private readonly track = el('div', 'player-track');
  private readonly playhead = el('span', 'player-playhead');
  private readonly status = el('p', 'player-status');
  private readonly progress = document.createElement('progress');
  private readonly note = el('div', 'player-note');
  private readonly list = el('ol', 'timed-transcript');
  private readonly speedButtons: HTMLButtonElement[] = [];
  private readonly saveButton = el('button', 'player-button player-save', l10n.t('Save Recording…'));
  private sentences: readonly TimedSentence[] = [];
  private items: HTMLElement[] = [];
  private current = -1;
  private chunks: Uint8Array[] = [];
  private url: string | undefined;
  /** Playing the first part while the rest arrives: its blob, and whether playback caught up with the download. */
  private early: { url: string; caughtUp: boolean } | undefined;
  private state: 'idle' | 'loading' | 'ready' | 'unavailable' = 'idle';
  /** What to do once the audio is in: play, from where. */
  private pending: { play: boolean; atMs?: number } | undefined;
  private durationS: number;
  private frame = 0;
  /** Test builds: from the Play click to the first advance of the position (the bench's recordingFirstSoundMs). */
  private clickedAt: number | undefined;
  /** Test builds: the Play click the timings (data-timings) count from; kept after the first sound. */
  private timedFrom: number | undefined;

  constructor(
    readonly callId: string,
    private model: CallViewModel,
    private readonly host: PlayerHost,
  ) {
    this.durationS = model.header.durationSeconds ?? model.axisSpanMs / 1000;
    this.build();
  }

  /** A newer view model of the same call (after Refresh): its actions may have changed. */
  update(model: CallViewModel): void {
    this.model = model;
    this.drawTrack();
  }

  private build(): void {
    const { root, audio, playButton, seek } = this;
    root.setAttribute('role', 'group');
    root.setAttribute('aria-label', l10n.t('Call recording'));
    audio.preload = 'auto';
    audio.className = 'player-audio';

    playButton.type = 'button';
    playButton.addEventListener('click', () => this.toggle());
    seek.type = 'range';
    seek.className = 'player-seek';
    seek.min = '0';
    seek.step = '0.1';
    seek.setAttribute('aria-label', l10n.t('Position in the recording'));
    seek.addEventListener('input', () => this.seekTo(Number(seek.value) * 1000, false));

    const speed = el('div', 'player-speed');
    speed.setAttribute('role', 'group');
    speed.setAttribute('aria-label', l10n.t('Playback speed'));
    for (const rate of SPEEDS) {
      const b = el('button', 'player-button player-rate', `${formatNumber(rate)}×`);
      b.type = 'button';
      b.dataset.rate = String(rate);
      b.setAttribute('aria-label', l10n.t('Speed {0}×', formatNumber(rate)));
      b.addEventListener('click', () => this.setRate(rate));
      this.speedButtons.push(b);
      speed.append(b);
    }
    const save = this.saveButton;
    save.type = 'button';
    save.addEventListener('click', () => this.host.post('save'));

    const controls = el('div', 'player-controls');
    controls.append(playButton, this.time, seek, speed, save);
    this.track.setAttribute('aria-label', l10n.t('Time axis: sentences and actions'));
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.progress.className = 'player-progress';
    this.progress.hidden = true;
    this.note.hidden = true;
    this.list.setAttribute('aria-label', l10n.t('Timed transcript'));
    this.list.hidden = true;
    root.append(controls, this.track, this.progress, this.status, this.note, this.list, audio);

    audio.addEventListener('play', () => this.showPlaying());
    audio.addEventListener('pause', () => this.showPlaying());
    audio.addEventListener('ended', () => {
      // The first part played out before the rest arrived: go on once it has.
      if (this.early) {
        this.early.caughtUp = true;
        this.status.textContent = l10n.t('Loading the recording…');
      }
      this.showPlaying();
    });
    audio.addEventListener('loadedmetadata', () => {
      // The first part's duration is not the call's.
      if (this.state === 'ready' && Number.isFinite(audio.duration) && audio.duration > 0) this.durationS = audio.duration;
      this.drawTrack();
      this.tick();
    });
    audio.addEventListener('timeupdate', () => this.tick());
    audio.addEventListener('error', () => {
      this.status.textContent = l10n.t('The recording cannot be played: {0}', audio.error?.message || l10n.t('unknown error'));
    });
    root.addEventListener('keydown', (e) => this.onKey(e));

    this.setRate(1);
    this.drawTrack();
    this.tick();
    if (!this.model.header.messageId) {
      this.state = 'unavailable';
      this.showNote(
        l10n.t('No recording'),
        l10n.t('This call has no message ID, so it has no recording (trial calls are not recorded). The call log\'s transcript is below.'),
        false,
        false,
      );
    } else {
      this.status.textContent = l10n.t('Press Play to load the recording and its timed transcript.');
    }
    this.showPlaying();
  }

  // ---- what the extension sends ----------------------------------------------------------

  receive(update: RecordingUpdate): void {
    switch (update.kind) {
      case 'transcript':
        this.showSentences(update.sentences);
        break;
      case 'transcriptUnavailable':
        this.list.hidden = true;
        this.status.textContent = update.message;
        break;
      case 'chunk':
        if (__TEST_HOOKS__) this.mark('chunk');
        if (this.state !== 'loading') this.begin();
        this.chunks.push(update.bytes);
        this.showProgress(update.received, update.total);
        if (this.pending?.play && !this.early && update.received >= EARLY_BYTES && update.received < (update.total ?? Infinity)) this.playEarly();
        break;
      case 'complete':
        if (__TEST_HOOKS__) this.mark('complete');
        this.ready();
        break;
      case 'unavailable':
        this.state = 'unavailable';
        this.chunks = [];
        this.pending = undefined;
        this.progress.hidden = true;
        this.status.textContent = '';
        this.showPlaying();
        this.showNote(update.title, update.message, update.canRetry, update.canSetToken);
        break;
    }
  }

  private begin(): void {
    this.state = 'loading';
    this.chunks = [];
    this.note.hidden = true;
    this.progress.hidden = false;
    this.progress.removeAttribute('value');
    this.status.textContent = l10n.t('Loading the recording…');
    this.showPlaying();
  }

  private showProgress(received: number, total: number | undefined): void {
    if (total && total > 0) {
      this.progress.max = total;
      this.progress.value = received;
      this.status.textContent = l10n.t('Loading the recording… {0} of {1} MB', megabytes(received), megabytes(total));
    } else {
      this.status.textContent = l10n.t('Loading the recording… {0} MB', megabytes(received));
    }
  }

  /** Test builds: when each step happened after the Play click (data-timings), to see where time goes. */
  private mark(step: string): void {
    if (this.timedFrom === undefined) return;
    const timings = JSON.parse(this.root.dataset.timings ?? '{}') as Record<string, number>;
    timings[step] ??= Math.round(performance.now() - this.timedFrom);
    this.root.dataset.timings = JSON.stringify(timings);
  }

  /**
   * Starts playing what has arrived (a WAV file of its own) while the rest comes: the first sound
   * does not wait for a recording of many megabytes. The whole file takes over in ready().
   */
  private playEarly(): void {
    const prefix = wavPrefix(this.chunks);
    const atMs = this.pending?.atMs ?? 0;
    // Not enough yet to play from where the user asked: wait for the whole file.
    if (!prefix || atMs >= prefix.durationMs - 1000) return;
    const url = URL.createObjectURL(new Blob([...prefix.parts] as BlobPart[], { type: 'audio/wav' }));
    this.early = { url, caughtUp: false };
    this.audio.src = url;
    if (atMs > 0) this.audio.currentTime = atMs / 1000;
    this.audio.play().catch(() => undefined);
    this.mark('early');
  }

  private ready(): void {
    this.mark('whole');
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = URL.createObjectURL(new Blob(this.chunks as BlobPart[], { type: 'audio/wav' }));
    this.chunks = [];
    const early = this.early;
    this.early = undefined;
    const pending = this.pending;
    this.pending = undefined;
    // Playing the first part: the whole file takes over at the same place.
    const resumeAt = early ? this.audio.currentTime : pending?.atMs !== undefined ? pending.atMs / 1000 : undefined;
    const play = early ? early.caughtUp || !this.audio.paused : pending?.play;
    this.state = 'ready';
    this.progress.hidden = true;
    this.status.textContent = '';
    this.audio.src = this.url;
    if (early) URL.revokeObjectURL(early.url);
    if (resumeAt !== undefined) this.audio.currentTime = resumeAt;
    if (play) this.play();
    this.showPlaying();
  }

  private showNote(title: string, message: string, canRetry: boolean, canSetToken: boolean): void {
    const heading = el('p', 'player-note-title', title);
    const text = el('p', 'player-note-text', message);
    const actions = el('div', 'player-note-actions');
    if (canSetToken) actions.append(this.noteButton(l10n.t('Set API Token'), () => this.host.post('setToken')));
    if (canRetry) actions.append(this.noteButton(l10n.t('Try Again'), () => this.load({ play: false })));
    this.note.replaceChildren(heading, text, ...(actions.childElementCount > 0 ? [actions] : []));
    this.note.setAttribute('role', 'note');
    this.note.hidden = false;
  }

  private noteButton(text: string, onClick: () => void): HTMLElement {
    const b = el('button', 'player-button', text);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  private showSentences(sentences: readonly TimedSentence[]): void {
    this.sentences = sentences;
    this.current = -1;
    this.items = sentences.map((s, i) => {
      const li = el('li', `sentence sentence-${s.speaker}`);
      li.tabIndex = 0;
      li.dataset.index = String(i);
      li.dataset.startMs = String(s.startMs);
      li.dataset.speaker = s.speaker;
      li.setAttribute('aria-label', l10n.t('{0} at {1}: {2}', speakerLabel(s.speaker), clock(s.startMs / 1000), s.text));
      li.append(el('span', 'sentence-time mono', clock(s.startMs / 1000)), el('span', 'speaker', speakerLabel(s.speaker)), el('span', 'sentence-text', s.text));
      li.addEventListener('click', () => this.seekTo(s.startMs, true));
      return li;
    });
    this.list.replaceChildren(...this.items);
    this.list.hidden = sentences.length === 0;
    this.drawTrack();
    this.tick();
  }

  /** The axis: sentences as bars by speaker, actions as markers (buttons that seek), the playhead. */
  private drawTrack(): void {
    const span = Math.max(1, this.durationS * 1000, this.model.axisSpanMs);
    const pct = (ms: number) => `${Math.min(100, Math.max(0, (ms / span) * 100)).toFixed(3)}%`;
    const parts: HTMLElement[] = [];
    for (const s of this.sentences) {
      const bar = el('span', `player-segment segment-${s.speaker}`);
      bar.style.left = pct(s.startMs);
      bar.style.width = pct(Math.max(0, s.endMs - s.startMs));
      parts.push(bar);
    }
    for (const a of this.model.actions) {
      if (a.offsetMs === undefined) continue;
      const marker = el('button', `player-marker marker-${a.icon}`);
      marker.type = 'button';
      if (a.color) marker.style.setProperty('--marker-color', `var(--vscode-charts-${a.color}, var(--vscode-textLink-foreground))`);
      marker.style.left = pct(a.offsetMs);
      const label = l10n.t('Play from {0}: {1} ({2})', a.offset ?? clock(a.offsetMs / 1000), a.name, a.typeLabel);
      marker.setAttribute('aria-label', label);
      marker.title = label;
      const at = a.offsetMs;
      marker.addEventListener('click', () => this.seekTo(at, true));
      parts.push(marker);
    }
    this.track.replaceChildren(...parts, this.playhead);
    this.seek.max = String(Math.round((span / 1000) * 10) / 10);
  }

  // ---- playing -------------------------------------------------------------------------------

  private toggle(): void {
    if (this.early) {
      // The first part plays while the rest arrives; the whole file keeps this state.
      if (this.audio.paused) {
        this.pending = { play: true };
        void this.audio.play().catch(() => undefined);
      } else {
        this.pending = { play: false };
        this.audio.pause();
      }
      return;
    }
    if (this.state === 'ready' && !this.audio.paused) this.audio.pause();
    else {
      if (__TEST_HOOKS__) this.clickedAt = this.timedFrom = performance.now();
      this.play();
    }
  }

  private play(): void {
    if (this.state !== 'ready') {
      this.load({ play: true, atMs: this.pending?.atMs });
      return;
    }
    this.audio.play().catch((err: unknown) => {
      this.status.textContent = l10n.t('The recording cannot be played: {0}', err instanceof Error ? err.message : String(err));
    });
  }

  private load(pending: { play: boolean; atMs?: number }): void {
    if (this.state === 'unavailable' && !this.model.header.messageId) return;
    this.pending = pending;
    if (this.state === 'loading') return;
    this.begin();
    this.host.post('load');
  }

  /** Moves to `ms`; `play`: and plays from there (a click on a sentence or a marker). */
  seekTo(ms: number, play: boolean): void {
    if (this.early && ms / 1000 < this.audio.duration - 0.5) {
      // Inside the part already playing.
      this.audio.currentTime = ms / 1000;
      this.tick();
      return;
    }
    if (this.state !== 'ready') {
      if (this.state === 'unavailable' && !this.model.header.messageId) return;
      if (play) this.load({ play: true, atMs: ms });
      else if (this.pending) this.pending.atMs = ms;
      return;
    }
    this.audio.currentTime = ms / 1000;
    this.tick();
    if (play && this.audio.paused) this.play();
  }

  private setRate(rate: number): void {
    this.audio.playbackRate = rate;
    this.audio.defaultPlaybackRate = rate;
    for (const b of this.speedButtons) b.setAttribute('aria-pressed', String(Number(b.dataset.rate) === rate));
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement;
    if (target.classList.contains('sentence') && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      this.seekTo(Number(target.dataset.startMs), true);
      return;
    }
    // The slider and the buttons handle their own keys.
    if (target === this.seek || target.tagName === 'BUTTON' || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'k' || (e.key === ' ' && target === this.root)) {
      e.preventDefault();
      this.toggle();
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      const step = (e.key === 'ArrowLeft' ? -SEEK_STEP_S : SEEK_STEP_S) * 1000;
      this.seekTo(this.audio.currentTime * 1000 + step, false);
    }
  }

  private showPlaying(): void {
    const playing = (this.state === 'ready' || this.early !== undefined) && !this.audio.paused && !this.audio.ended;
    const loading = this.state === 'loading' && this.pending?.play;
    this.playButton.textContent = playing ? l10n.t('Pause') : loading ? l10n.t('Loading…') : l10n.t('Play');
    this.playButton.setAttribute('aria-label', playing ? l10n.t('Pause') : l10n.t('Play'));
    // A call with no message id has no recording (the note says why): nothing to play, speed up or save.
    const none = this.state === 'unavailable' && !this.model.header.messageId;
    for (const control of [this.playButton, this.seek, this.saveButton, ...this.speedButtons]) control.disabled = none;
    this.root.classList.toggle('playing', playing);
    cancelAnimationFrame(this.frame);
    if (playing) {
      // Between timeupdate events (4 a second) the highlight and the playhead follow each frame.
      const loop = () => {
        this.tick();
        this.frame = requestAnimationFrame(loop);
      };
      this.frame = requestAnimationFrame(loop);
    }
  }

  /** Position, slider, playhead and the current sentence, from the audio's time. */
  private tick(): void {
    const t = this.audio.currentTime || 0;
    if (__TEST_HOOKS__ && this.clickedAt !== undefined && t > 0 && !this.audio.paused) {
      this.mark('sound');
      this.root.dataset.firstSoundMs = String(Math.round(performance.now() - this.clickedAt));
      this.clickedAt = undefined;
    }
    this.time.textContent = `${clock(t)} / ${clock(this.durationS)}`;
    if (document.activeElement !== this.seek) this.seek.value = String(Math.round(t * 10) / 10);
    this.seek.setAttribute('aria-valuetext', l10n.t('{0} of {1}', clock(t), clock(this.durationS)));
    const span = Math.max(1, this.durationS * 1000, this.model.axisSpanMs);
    this.playhead.style.left = `${Math.min(100, (t * 1000 * 100) / span).toFixed(3)}%`;
    this.highlight(this.sentenceAt(t * 1000));
  }

  /** The last sentence that started by `ms` (binary search: a call has hundreds). */
  private sentenceAt(ms: number): number {
    let lo = 0;
    let hi = this.sentences.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sentences[mid].startMs <= ms) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private highlight(index: number): void {
    if (index === this.current) return;
    const old = this.items[this.current];
    old?.classList.remove('current');
    old?.removeAttribute('aria-current');
    this.current = index;
    const li = this.items[index];
    if (!li) return;
    li.classList.add('current');
    li.setAttribute('aria-current', 'true');
    // Kept in view inside the transcript's own scroll box: the page itself does not jump.
    const box = this.list.getBoundingClientRect();
    const r = li.getBoundingClientRect();
    if (r.top < box.top || r.bottom > box.bottom) this.list.scrollTop += r.top - box.top - box.height / 3;
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.audio.pause();
    this.audio.removeAttribute('src');
    if (this.url) URL.revokeObjectURL(this.url);
  }
}

let player: Player | undefined;

/** The recording section's content for `model`: the same player again for the same call. */
export function recordingContent(model: CallViewModel, host: PlayerHost): Node[] {
  if (player?.callId === model.callId) player.update(model);
  else {
    player?.dispose();
    player = new Player(model.callId, model, host);
  }
  return [player.root];
}

/** An update for the player of `callId` (dropped when another call is shown). */
export function recordingUpdate(callId: string, update: RecordingUpdate): void {
  if (player?.callId === callId) player.receive(update);
}

/** Seeks the player of the call shown (an action marker of the timeline was clicked); false without one. */
export function seekRecording(ms: number): boolean {
  if (!player) return false;
  player.seekTo(ms, false);
  return true;
}
