// The preload: exposes GuichetApi to the renderer, one named method per capability.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('guichet', {});
