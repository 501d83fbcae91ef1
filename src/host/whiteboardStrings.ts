import * as vscode from 'vscode';
import type { WebviewStrings } from '../shared/protocol';

/** The whiteboard page's strings, localised here because the webview has no l10n of its own. */
export function whiteboardStrings(): WebviewStrings {
  const t = vscode.l10n.t;
  return {
    toolbar: t('Drawing tools'),
    actions: t('Edit and view'),
    canvas: t('Whiteboard canvas. Draw with the pointer; each tool has a one-key shortcut.'),
    empty: t('Draw here'),
    toolSelect: t('Select and move'),
    toolHand: t('Pan'),
    toolPen: t('Pen'),
    toolHighlighter: t('Highlighter'),
    toolLine: t('Line'),
    toolArrow: t('Arrow'),
    toolRect: t('Rectangle'),
    toolEllipse: t('Ellipse'),
    toolText: t('Text'),
    toolEraser: t('Eraser'),
    undo: t('Undo'),
    redo: t('Redo'),
    clear: t('Clear'),
    deleteSelection: t('Delete selected'),
    fit: t('Fit to content'),
    zoomIn: t('Zoom in'),
    zoomOut: t('Zoom out'),
    zoomReset: t('Reset zoom to 100%'),
    send: t('Send to DingTalk'),
    boards: t('Board'),
    colors: t('Colour'),
    colorInk: t('Ink (follows the theme)'),
    colorRed: t('Red'),
    colorOrange: t('Orange'),
    colorYellow: t('Yellow'),
    colorGreen: t('Green'),
    colorBlue: t('Blue'),
    colorViolet: t('Violet'),
    widths: t('Stroke width'),
    widthThin: t('Thin'),
    widthMedium: t('Medium'),
    widthBold: t('Bold'),
    // {0} is the platform's modifier as the page shows it ("Ctrl+" or "⌘"), so the key reads Ctrl+Enter or ⌘Enter.
    textPlaceholder: t('Type here; {0}Enter or click outside to finish'),
    statusShapes: t('{0} shapes'),
    statusSelected: t('{0} selected'),
    undone: t('Undone'),
    redone: t('Redone'),
    nothingToUndo: t('Nothing to undo'),
    nothingToRedo: t('Nothing to redo'),
    cleared: t('Board cleared; Undo brings it back'),
  };
}
