package org.lrppruning.plot;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/** Shows figures on screen (the reference's {@code --rendermode show}), when there is a screen. */
public final class ChartWindows {

    /** On-screen resolution of a newly opened window, in pixels per inch. */
    private static final double SCREEN_DPI = 100.0;

    private ChartWindows() {}

    /**
     * Opens a window drawing the figure, scaled to the window with its aspect kept. Returns at once.
     *
     * @return false (and does nothing) in a headless environment
     */
    public static boolean show(Figure figure, String windowTitle) {
        if (GraphicsEnvironment.isHeadless()) {
            return false;
        }
        SwingUtilities.invokeLater(() -> {
            JFrame frame = new JFrame(windowTitle);
            frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            FigurePanel panel = new FigurePanel(figure);
            panel.setPreferredSize(new Dimension((int) Math.round(figure.widthInches() * SCREEN_DPI),
                (int) Math.round(figure.heightInches() * SCREEN_DPI)));
            frame.setContentPane(panel);
            frame.pack();
            frame.setLocationByPlatform(true);
            frame.setVisible(true);
        });
        return true;
    }

    /** Paints a figure scaled to fit, centred. */
    private static final class FigurePanel extends JPanel {
        private static final long serialVersionUID = 1L;
        private final transient Figure figure;

        FigurePanel(Figure figure) {
            this.figure = figure;
            setBackground(Color.WHITE);
        }

        @Override
        protected void paintComponent(Graphics g) {
            super.paintComponent(g);
            Graphics2D g2 = (Graphics2D) g.create();
            try {
                g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                double scale = Math.min(getWidth() / figure.widthPoints(), getHeight() / figure.heightPoints());
                g2.translate((getWidth() - figure.widthPoints() * scale) / 2,
                    (getHeight() - figure.heightPoints() * scale) / 2);
                g2.scale(scale, scale);
                figure.draw(g2, new Rectangle2D.Double(0, 0, figure.widthPoints(), figure.heightPoints()));
            } finally {
                g2.dispose();
            }
        }
    }
}
